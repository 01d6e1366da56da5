package dev.dewy.sandbox.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  @Test
  void aRegistryWithAPortIsTheFirstPart() {
    ImageReference image = ImageReference.parse("127.0.0.1:5000/dewy-operator:0.1.0");
    assertThat(image).isEqualTo(new ImageReference("127.0.0.1:5000", "dewy-operator", "0.1.0"));
    assertThat(image.isLoopback()).isTrue();
    assertThat(image.baseUrl()).isEqualTo("http://127.0.0.1:5000");
  }

  @Test
  void aBareNameIsDockerHubsLibraryAtLatest() {
    ImageReference image = ImageReference.parse("busybox");
    assertThat(image).isEqualTo(new ImageReference("docker.io", "library/busybox", "latest"));
    assertThat(image.isLoopback()).isFalse();
    assertThat(image.baseUrl()).isEqualTo("https://registry-1.docker.io");
  }

  @Test
  void aDigestWinsOverATag() {
    String digest = "sha256:" + "a".repeat(64);
    assertThat(ImageReference.parse("localhost:5000/demo/hello:v1@" + digest))
        .isEqualTo(new ImageReference("localhost:5000", "demo/hello", digest));
  }

  @Test
  void aFirstPartWithoutDotOrPortIsARepositoryPath() {
    assertThat(ImageReference.parse("demo/hello:v1.0.0"))
        .isEqualTo(new ImageReference("docker.io", "demo/hello", "v1.0.0"));
    assertThat(ImageReference.parse("ghcr.io/dewy-operator/dewy-operator:0.1.0").isLoopback())
        .isFalse();
  }

  @Test
  void anUpperCaseRepositoryIsRefused() {
    assertThatThrownBy(() -> ImageReference.parse("localhost:5000/Demo"))
        .hasMessageContaining("lower case");
  }

  @Test
  void theImageIdNamesTheDigest() {
    assertThat(ImageReference.parse("127.0.0.1:5000/app:v1").withDigest("sha256:ab"))
        .isEqualTo("127.0.0.1:5000/app@sha256:ab");
  }
}
