package dev.dewy.sandbox.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks image layers into a root directory, lowest first, as the OCI image spec's changeset rules
 * say: a {@code .wh.NAME} entry deletes NAME of the layers below, {@code .wh..wh..opq} empties its
 * directory of them; an entry replaces whatever was at its path. An entry whose path leaves the
 * root ({@code ..}, or through a symbolic link) fails the unpack, and nothing is ever written
 * outside the root. Owners are applied when running as root.
 */
public final class LayerUnpacker {
  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  private final boolean applyOwners;

  public LayerUnpacker(boolean applyOwners) {
    this.applyOwners = applyOwners;
  }

  /** Applies every layer to {@code root}, which must exist. */
  public void unpack(List<PulledImage.Layer> layers, Path root) throws ImagePullException {
    for (PulledImage.Layer layer : layers) {
      try {
        // Whiteouts hide what the layers below hold, never what this layer itself adds: apply
        // them all first, then the layer's files.
        forEachEntry(layer.blob(), (entry, in) -> whiteout(root, entry));
        forEachEntry(layer.blob(), (entry, in) -> extract(root, entry, in));
      } catch (IOException | UncheckedIOException e) {
        throw new ImagePullException(
            "cannot unpack the layer " + layer.blob().getFileName() + ": " + e.getMessage(), e);
      }
    }
  }

  private interface EntryAction {
    void apply(TarArchiveEntry entry, InputStream content) throws IOException;
  }

  private static void forEachEntry(Path blob, EntryAction action) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(blob));
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        action.apply(e, tar);
      }
    }
  }

  /** Gzipped or plain tar, told apart by gzip's magic bytes, whatever the media type says. */
  private static InputStream decompressed(InputStream raw) throws IOException {
    raw.mark(2);
    int first = raw.read();
    int second = raw.read();
    raw.reset();
    return first == 0x1f && second == 0x8b ? new GzipCompressorInputStream(raw, true) : raw;
  }

  private static void whiteout(Path root, TarArchiveEntry entry) throws IOException {
    List<String> parts = parts(entry.getName());
    if (parts.isEmpty()) {
      return;
    }
    String last = parts.get(parts.size() - 1);
    if (!last.startsWith(WHITEOUT)) {
      return;
    }
    Path dir = inside(root, parts.subList(0, parts.size() - 1), entry);
    if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (last.equals(OPAQUE)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
        for (Path child : children) {
          deleteTree(child);
        }
      }
    } else {
      deleteTree(dir.resolve(last.substring(WHITEOUT.length())));
    }
  }

  private void extract(Path root, TarArchiveEntry entry, InputStream content) throws IOException {
    List<String> parts = parts(entry.getName());
    if (parts.isEmpty() || parts.get(parts.size() - 1).startsWith(WHITEOUT)) {
      return;
    }
    Path parent = inside(root, parts.subList(0, parts.size() - 1), entry);
    if (parent == null) {
      parent = root;
      for (String part : parts.subList(0, parts.size() - 1)) {
        parent = parent.resolve(part);
        Files.createDirectories(parent);
      }
    }
    Path target = parent.resolve(parts.get(parts.size() - 1));
    if (entry.isDirectory()) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        deleteTree(target);
        Files.createDirectory(target);
      }
    } else if (entry.isSymbolicLink()) {
      deleteTree(target);
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
    } else if (entry.isLink()) {
      List<String> linked = parts(entry.getLinkName());
      Path source = inside(root, linked, entry);
      if (source == null || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(
            "the hard link " + entry.getName() + " names " + entry.getLinkName() + ", not a file");
      }
      deleteTree(target);
      Files.createLink(target, source);
      return;
    } else if (entry.isFile()) {
      deleteTree(target);
      Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
    } else {
      return; // devices and FIFOs: a container gets its /dev from the runtime
    }
    if (applyOwners) {
      Files.setAttribute(
          target, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(
          target, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }
    if (!entry.isSymbolicLink()) {
      Files.setAttribute(target, "unix:mode", entry.getMode() & 07777);
    }
  }

  /**
   * The entry's path split into names, with "." dropped; an entry with ".." is refused, so none can
   * name a place above the root.
   */
  static List<String> parts(String name) throws IOException {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw new IOException("the entry " + name + " leaves the root (\"..\")");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    return parts;
  }

  /**
   * The directory {@code parts} names under {@code root}; null when part of it is missing. An
   * existing part that is a symbolic link is refused: following it could lead out of the root.
   */
  private static Path inside(Path root, List<String> parts, TarArchiveEntry entry)
      throws IOException {
    Path current = root;
    for (String part : parts) {
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw new IOException(
            "the entry "
                + entry.getName()
                + " goes through the symbolic link /"
                + root.relativize(current)
                + ", which could lead out of the root");
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
    }
    return current;
  }

  /** Deletes a file, a link (not what it points to) or a whole directory tree, if present. */
  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
