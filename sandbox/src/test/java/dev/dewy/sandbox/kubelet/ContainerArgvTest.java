package dev.dewy.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.sandbox.image.ImageConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table of the Kubernetes docs ("Define a command and arguments for a container"). */
class ContainerArgvTest {
  private static final ImageConfig IMAGE =
      new ImageConfig(List.of("/ep-1"), List.of("foo", "bar"), List.of(), "", "");

  @Test
  void neitherCommandNorArgsRunsTheImagesEntrypointAndCmd() {
    assertThat(ContainerArgv.of(IMAGE, container(null, null), Map.of()))
        .containsExactly("/ep-1", "foo", "bar");
  }

  @Test
  void aCommandReplacesTheEntrypointAndDropsTheCmd() {
    assertThat(ContainerArgv.of(IMAGE, container(List.of("/ep-2"), null), Map.of()))
        .containsExactly("/ep-2");
  }

  @Test
  void argsReplaceTheCmdAfterTheImagesEntrypoint() {
    assertThat(ContainerArgv.of(IMAGE, container(null, List.of("zoo", "boo")), Map.of()))
        .containsExactly("/ep-1", "zoo", "boo");
  }

  @Test
  void commandAndArgsReplaceBoth() {
    assertThat(
            ContainerArgv.of(IMAGE, container(List.of("/ep-2"), List.of("zoo", "boo")), Map.of()))
        .containsExactly("/ep-2", "zoo", "boo");
  }

  @Test
  void variablesAreExpandedInCommandAndArgsButNotInTheImagesValues() {
    ImageConfig image = new ImageConfig(List.of("java", "$(MAIN)"), List.of(), List.of(), "", "");
    Map<String, String> env = Map.of("MAIN", "dev.dewy.Main", "PORT", "8080");

    assertThat(ContainerArgv.of(image, container(null, List.of("--port=$(PORT)")), env))
        .containsExactly("java", "$(MAIN)", "--port=8080");
  }

  @Test
  void anImageWithNothingToRunAndNoCommandGivesAnEmptyArgv() {
    ImageConfig empty = new ImageConfig(List.of(), List.of(), List.of(), "", "");
    assertThat(ContainerArgv.of(empty, container(null, null), Map.of())).isEmpty();
  }

  private static Container container(List<String> command, List<String> args) {
    return new ContainerBuilder().withName("app").withCommand(command).withArgs(args).build();
  }
}
