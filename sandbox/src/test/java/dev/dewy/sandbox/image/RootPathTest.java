package dev.dewy.sandbox.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathTest {
  @TempDir Path root;

  @Test
  void followsARelativeLinkInsideTheRoot() throws Exception {
    Files.createDirectories(root.resolve("run"));
    Files.createDirectories(root.resolve("var"));
    Files.createSymbolicLink(root.resolve("var/run"), Path.of("../run"));

    assertThat(RootPath.resolve(root, "/var/run/secrets")).isEqualTo(root.resolve("run/secrets"));
  }

  @Test
  void anAbsoluteLinkIsReadAgainstTheRootNotTheHost() throws Exception {
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/private/etc"));

    Path file = RootPath.file(root, "/etc/hosts");

    assertThat(file).isEqualTo(root.resolve("private/etc/hosts")).exists();
  }

  @Test
  void dotDotStopsAtTheRoot() throws Exception {
    Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../tmp"));

    assertThat(RootPath.resolve(root, "/up/x")).isEqualTo(root.resolve("tmp/x"));
    assertThat(RootPath.resolve(root, "../../etc")).isEqualTo(root.resolve("etc"));
  }

  @Test
  void createsAMissingDirectoryWithItsParents() throws Exception {
    Path dir = RootPath.directory(root, "/var/run/secrets/kubernetes.io/serviceaccount");

    assertThat(dir).isDirectory().startsWith(root);
  }
}
