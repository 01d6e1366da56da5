package dev.dewy.sandbox.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A path inside a container's root resolved as the container would see it: symbolic links followed
 * with the root as {@code /}, and {@code ..} stopping at the root, so the result never leaves it.
 * Mount targets and working directories go through it before anything is mounted or created.
 */
public final class RootPath {
  private static final int MAX_LINKS = 40;

  private RootPath() {}

  /** {@code containerPath} (absolute or not) as a path under {@code root}. */
  public static Path resolve(Path root, String containerPath) throws IOException {
    Deque<String> pending = new ArrayDeque<>(List.of(containerPath.split("/")));
    Path current = root;
    int links = 0;
    while (!pending.isEmpty()) {
      String part = pending.removeFirst();
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        current = current.equals(root) ? root : current.getParent();
        continue;
      }
      Path next = current.resolve(part);
      if (Files.isSymbolicLink(next)) {
        if (++links > MAX_LINKS) {
          throw new IOException("too many symbolic links in " + containerPath);
        }
        String target = Files.readSymbolicLink(next).toString();
        List<String> parts = List.of(target.split("/"));
        for (int i = parts.size() - 1; i >= 0; i--) {
          pending.addFirst(parts.get(i));
        }
        if (target.startsWith("/")) {
          current = root;
        }
        continue;
      }
      current = next;
    }
    return current;
  }

  /** The directory {@code containerPath} inside {@code root}, created with its parents. */
  public static Path directory(Path root, String containerPath) throws IOException {
    // Every existing part of a resolved path is a real directory, so creating the rest stays
    // inside.
    Path dir = resolve(root, containerPath);
    Files.createDirectories(dir);
    return dir;
  }

  /**
   * The file {@code containerPath} inside {@code root}, created empty (with its parents) if
   * missing.
   */
  public static Path file(Path root, String containerPath) throws IOException {
    Path file = resolve(root, containerPath);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(file.getParent());
      Files.createFile(file);
    }
    return file;
  }
}
