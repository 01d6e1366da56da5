package dev.dewy.operator.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * The volume as Dewy lays it out: {@code releases/VERSION/} per version and a {@code current}
 * symlink to the one in use, so {@code /opt/app/current/app} always names a whole release.
 */
final class ReleaseLayout {
  static final String RELEASES = "releases";
  static final String CURRENT = "current";

  private final Path root;

  ReleaseLayout(Path root) {
    this.root = root;
  }

  Path release(String version) {
    return root.resolve(RELEASES).resolve(version);
  }

  /** A fresh folder beside the releases, renamed into place only once complete. */
  Path staging(String version) {
    return root.resolve(RELEASES).resolve(".partial-" + version + "-" + UUID.randomUUID());
  }

  /** A file for the download, beside the releases so that no other volume fills up. */
  Path download(String version) {
    return root.resolve(".download-" + version + "-" + UUID.randomUUID());
  }

  /** Whether {@code current} already names {@code version}'s folder. */
  boolean isCurrent(String version) throws IOException {
    Path current = root.resolve(CURRENT);
    return Files.isSymbolicLink(current)
        && Files.readSymbolicLink(current).equals(linkTarget(version));
  }

  /** Moves a complete staging folder to {@code releases/VERSION} in one rename. */
  void publish(Path staging, String version) throws IOException {
    Files.move(staging, release(version), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Points {@code current} at {@code version}: a new link under a temporary name, renamed over the
   * old one, so that a reader sees the old release or the new one, never none.
   */
  void pointCurrentAt(String version) throws IOException {
    Path temporary = root.resolve(".current-" + UUID.randomUUID());
    Files.createSymbolicLink(temporary, linkTarget(version));
    Files.move(
        temporary,
        root.resolve(CURRENT),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private Path linkTarget(String version) {
    return root.getFileSystem().getPath(RELEASES, version);
  }
}
