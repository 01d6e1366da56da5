package dev.dewy.operator.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/** Unpacks a downloaded artifact into a {@link TargetTree}, entry by entry, refusing escapes. */
final class Unpacker {
  private static final int DEFAULT_FILE_MODE = 0644;

  private Unpacker() {}

  static void unpack(Path archive, ArchiveFormat format, String name, Path into)
      throws FetchException {
    try {
      TargetTree tree = new TargetTree(into);
      try {
        if (format == ArchiveFormat.ZIP) {
          unzip(archive, tree);
        } else {
          untar(archive, format, tree);
        }
      } catch (FetchException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw new FetchException(
            FetchException.Failure.CORRUPT_ARCHIVE,
            "%s cannot be read as %s (%s)"
                .formatted(name, format.extension(), e.getMessage() == null ? e : e.getMessage()),
            e);
      }
      tree.checkLinks();
      if (!tree.hasExecutable()) {
        throw new FetchException(
            FetchException.Failure.NO_EXECUTABLE,
            ("%s holds no file with an executable bit, so there is no program to run; package"
                    + " the binary with mode 0755, or choose another file with ?artifact=NAME in"
                    + " spec.registry")
                .formatted(name));
      }
    } catch (IOException e) {
      throw new FetchException(FetchException.Failure.TARGET, into + ": " + e.getMessage(), e);
    }
  }

  private static void untar(Path archive, ArchiveFormat format, TargetTree tree)
      throws IOException, FetchException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(format.decompress(raw))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String name = entry.getName();
        if (entry.isDirectory()) {
          tree.directory(name);
        } else if (entry.isSymbolicLink()) {
          tree.symlink(name, entry.getLinkName());
        } else if (entry.isLink()) {
          tree.hardLink(name, entry.getLinkName());
        } else if (entry.isFile()) {
          tree.file(name, tar, entry.getMode());
        } else {
          throw new FetchException(
              FetchException.Failure.UNSUPPORTED_ARCHIVE,
              "\"" + name + "\" is a device or a pipe, which a release does not hold");
        }
      }
    }
  }

  private static void unzip(Path archive, TargetTree tree) throws IOException, FetchException {
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      for (Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
          entries.hasMoreElements(); ) {
        ZipArchiveEntry entry = entries.nextElement();
        String name = entry.getName();
        if (entry.isDirectory()) {
          tree.directory(name);
        } else if (entry.isUnixSymlink()) {
          tree.symlink(name, zip.getUnixSymlink(entry));
        } else {
          int mode = entry.getUnixMode() & 07777;
          try (InputStream body = zip.getInputStream(entry)) {
            tree.file(name, body, mode == 0 ? DEFAULT_FILE_MODE : mode);
          }
        }
      }
    }
  }
}
