package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArtifactChoiceTest {
  private static final Platform LINUX_AMD64 = new Platform("linux", "amd64");

  @Test
  void theFirstArchiveNamingTheOsAndArchIsChosen() {
    List<String> files =
        List.of(
            "checksums.txt",
            "myapp_darwin_amd64.tar.gz",
            "myapp_linux_amd64",
            "myapp_linux_amd64.tar.gz.sha256",
            "myapp_linux_amd64.tar.gz",
            "myapp_linux_amd64.zip");

    assertThat(ArtifactChoice.choose(files, Optional.empty(), LINUX_AMD64))
        .contains("myapp_linux_amd64.tar.gz");
  }

  @Test
  void x86_64CountsAsAmd64AndCaseIsIgnored() {
    assertThat(
            ArtifactChoice.choose(
                List.of("myapp_Linux_arm64.tgz", "myapp_Linux_x86_64.tgz"),
                Optional.empty(),
                LINUX_AMD64))
        .contains("myapp_Linux_x86_64.tgz");
  }

  @Test
  void theArtifactOptionMatchesExactlyOrNothing() {
    List<String> files = List.of("myapp_linux_amd64.tar.gz", "tools.bin");
    assertThat(ArtifactChoice.choose(files, Optional.of("tools.bin"), LINUX_AMD64))
        .contains("tools.bin");
    assertThat(ArtifactChoice.choose(files, Optional.of("myapp"), LINUX_AMD64)).isEmpty();
  }

  @Test
  void theDescriptionNamesTheOptionThatWouldChoose() {
    assertThat(ArtifactChoice.describe(Optional.of("myapp.zip"), LINUX_AMD64))
        .isEqualTo("no file named \"myapp.zip\" (from artifact=)");
  }
}
