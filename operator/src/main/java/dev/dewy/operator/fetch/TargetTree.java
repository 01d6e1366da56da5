package dev.dewy.operator.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folder an archive is unpacked into, which no entry may leave: names are resolved inside it,
 * parents are checked after links are followed, and links may point only inside it.
 */
final class TargetTree {
  private final Path root;
  private final Path realRoot;

  TargetTree(Path root) throws IOException {
    Files.createDirectories(root);
    this.root = root.toAbsolutePath().normalize();
    this.realRoot = root.toRealPath();
  }

  void directory(String entry) throws IOException, FetchException {
    if (root.resolve(entry).normalize().equals(root)) {
      return; // "./", as `tar -C DIR .` writes first
    }
    Files.createDirectories(checkedParent(entry).resolve(resolve(entry).getFileName()));
  }

  void file(String entry, InputStream body, int mode) throws IOException, FetchException {
    Path path = resolve(entry);
    checkedParent(entry);
    Files.copy(body, path, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(path, permissions(mode));
  }

  void symlink(String entry, String target) throws IOException, FetchException {
    Path path = resolve(entry);
    Path parent = checkedParent(entry);
    Path pointsAt = parent.resolve(target).normalize();
    if (target.startsWith("/") || !pointsAt.startsWith(realRoot)) {
      throw escaping(entry, "is a symbolic link to \"" + target + "\", outside the artifact");
    }
    Files.deleteIfExists(path);
    Files.createSymbolicLink(path, path.getFileSystem().getPath(target));
  }

  void hardLink(String entry, String target) throws IOException, FetchException {
    Path path = resolve(entry);
    checkedParent(entry);
    Path existing;
    try {
      existing = resolve(target);
    } catch (FetchException e) {
      throw escaping(entry, "is a hard link to \"" + target + "\", outside the artifact");
    }
    if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)
        || !existing.toRealPath().startsWith(realRoot)) {
      throw escaping(entry, "is a hard link to \"" + target + "\", not a file of the artifact");
    }
    Files.deleteIfExists(path);
    Files.createLink(path, existing);
  }

  /**
   * After the last entry: every link that resolves must resolve inside, since a chain of links that
   * each look inside can still lead out.
   */
  void checkLinks() throws IOException, FetchException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path link : all.filter(Files::isSymbolicLink).toList()) {
        if (Files.exists(link) && !link.toRealPath().startsWith(realRoot)) {
          throw escaping(
              root.relativize(link).toString(),
              "is a symbolic link that leads to " + link.toRealPath() + ", outside the artifact");
        }
      }
    }
  }

  /** Whether any regular file has an executable bit: what a release of a program must hold. */
  boolean hasExecutable() throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
          .anyMatch(TargetTree::executable);
    }
  }

  private static boolean executable(Path file) {
    try {
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      return permissions.contains(PosixFilePermission.OWNER_EXECUTE)
          || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
          || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
    } catch (IOException e) {
      return false;
    }
  }

  private Path resolve(String entry) throws FetchException {
    if (entry.startsWith("/") || entry.matches("^[A-Za-z]:.*") || entry.contains("\\")) {
      throw escaping(entry, "is an absolute path");
    }
    Path path = root.resolve(entry).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw escaping(entry, "climbs out with \"..\"");
    }
    return path;
  }

  /** Creates the entry's parent folders and checks that, links followed, they are inside. */
  private Path checkedParent(String entry) throws IOException, FetchException {
    Path parent = resolve(entry).getParent();
    Path real;
    try {
      Files.createDirectories(parent);
      real = parent.toRealPath();
    } catch (java.nio.file.FileSystemException e) {
      throw escaping(entry, "has a parent that is not a folder (" + e.getMessage() + ")");
    }
    if (!real.startsWith(realRoot)) {
      throw escaping(entry, "would be written through a link to " + real);
    }
    return real;
  }

  private static FetchException escaping(String entry, String why) {
    return new FetchException(
        FetchException.Failure.ESCAPING_ENTRY, "\"" + entry + "\" " + why + "; nothing was kept");
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ);
    set.add(PosixFilePermission.OWNER_WRITE);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
