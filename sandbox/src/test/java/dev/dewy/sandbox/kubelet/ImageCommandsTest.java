package dev.dewy.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageCommandsTest {
  private static final Map<String, String> ENV =
      Map.of(
          ImageCommands.ENV,
          "ghcr.io/dewy-operator/dewy-operator:0.1.0=java -jar /build/dewy-operator.jar\n"
              + "other:1=/bin/other");

  @Test
  void aNamedImageRunsItsHostCommandBeforeTheArgs() {
    assertThat(ImageCommands.entrypoint("ghcr.io/dewy-operator/dewy-operator:0.1.0", ENV))
        .contains(List.of("java", "-jar", "/build/dewy-operator.jar"));
    assertThat(ImageCommands.entrypoint("other:1", ENV)).contains(List.of("/bin/other"));
  }

  @Test
  void otherImagesAndAnEmptyTableHaveNone() {
    assertThat(ImageCommands.entrypoint("busybox:1", ENV)).isEmpty();
    assertThat(ImageCommands.entrypoint("other:1", Map.of())).isEmpty();
  }

  @Test
  void aContainerWithOnlyArgsGetsItsImagesCommandFirst() {
    // from the API server a container without a command has an empty list, not none
    var container =
        new ContainerBuilder()
            .withImage("busybox:1")
            .withCommand(List.of())
            .withArgs("fetch")
            .build();
    assertThat(ContainerLaunch.commandOf(container, Map.of())).containsExactly("fetch");
  }

  @Test
  void aContainerWithItsOwnCommandKeepsIt() {
    var container =
        new ContainerBuilder()
            .withImage("other:1")
            .withCommand("/bin/sh")
            .withArgs("-c", "true")
            .build();
    assertThat(ContainerLaunch.commandOf(container, Map.of()))
        .containsExactly("/bin/sh", "-c", "true");
  }
}
