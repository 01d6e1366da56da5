package dev.dewy.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerUserTest {
  @TempDir Path root;

  @Test
  void theImagesNumericUserWhenNothingElseSays() throws Exception {
    assertThat(ContainerUser.of(pod(null, null), container(null, null), "65532:65532", root))
        .isEqualTo(new ContainerUser(65532, 65532));
  }

  @Test
  void runAsUserAndRunAsGroupWinOverTheImage() throws Exception {
    assertThat(ContainerUser.of(pod(1000L, null), container(2000L, 3000L), "65532:65532", root))
        .isEqualTo(new ContainerUser(2000, 3000));
    assertThat(ContainerUser.of(pod(1000L, null), container(null, null), "65532:65532", root))
        .isEqualTo(new ContainerUser(1000, 65532));
  }

  @Test
  void aUserNameIsLookedUpInTheImagesPasswdWithItsPrimaryGroup() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(
        root.resolve("etc/passwd"), "root:x:0:0::/:/bin/sh\napp:x:1001:1002::/:/bin/sh\n");

    assertThat(ContainerUser.of(pod(null, null), container(null, null), "app", root))
        .isEqualTo(new ContainerUser(1001, 1002));
  }

  @Test
  void rootWhenTheImageNamesNoUser() throws Exception {
    assertThat(ContainerUser.of(pod(null, null), container(null, null), "", root))
        .isEqualTo(new ContainerUser(0, 0));
  }

  @Test
  void runAsNonRootRefusesARootUser() {
    Pod pod = pod(null, true);

    assertThatThrownBy(() -> ContainerUser.of(pod, container(null, null), "", root))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessageContaining("runAsNonRoot and image will run as root");
  }

  private static Pod pod(Long runAsUser, Boolean runAsNonRoot) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .endMetadata()
        .withNewSpec()
        .withNewSecurityContext()
        .withRunAsUser(runAsUser)
        .withRunAsNonRoot(runAsNonRoot)
        .endSecurityContext()
        .endSpec()
        .build();
  }

  private static Container container(Long runAsUser, Long runAsGroup) {
    return new ContainerBuilder()
        .withName("app")
        .withNewSecurityContext()
        .withRunAsUser(runAsUser)
        .withRunAsGroup(runAsGroup)
        .endSecurityContext()
        .build();
  }
}
