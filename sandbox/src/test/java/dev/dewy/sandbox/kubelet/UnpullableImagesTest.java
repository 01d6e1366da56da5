package dev.dewy.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.api.Test;

class UnpullableImagesTest {

  @Test
  void onlyTheTagMarksAnImageUnpullable() {
    assertThat(UnpullableImages.isUnpullable("app:1.0-unpullable")).isTrue();
    assertThat(UnpullableImages.isUnpullable("registry:5000/team/app:unpullable@sha256:abc"))
        .isTrue();
    assertThat(UnpullableImages.isUnpullable("unpullable/app:1.0")).isFalse();
    assertThat(UnpullableImages.isUnpullable("registry-unpullable:5000/app")).isFalse();
    assertThat(UnpullableImages.isUnpullable("app")).isFalse();
  }

  @Test
  void initContainersCount() {
    var spec =
        new PodSpecBuilder()
            .addNewInitContainer()
            .withImage("init:unpullable")
            .endInitContainer()
            .addNewContainer()
            .withImage("app:1")
            .endContainer()
            .build();

    assertThat(UnpullableImages.firstIn(spec)).hasValue("init:unpullable");
  }
}
