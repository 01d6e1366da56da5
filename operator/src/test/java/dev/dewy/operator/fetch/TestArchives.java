package dev.dewy.operator.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Real archives written with Commons Compress' writers, entry by entry, including hostile ones. */
final class TestArchives {
  private TestArchives() {}

  /** One archive entry: a file (with mode), a folder, a symbolic link or a hard link. */
  record Entry(String name, Kind kind, String content, int mode) {
    enum Kind {
      FILE,
      DIRECTORY,
      SYMLINK,
      HARDLINK
    }

    static Entry file(String name, String content, int mode) {
      return new Entry(name, Kind.FILE, content, mode);
    }

    static Entry executable(String name, String content) {
      return file(name, content, 0755);
    }

    static Entry directory(String name) {
      return new Entry(name, Kind.DIRECTORY, "", 0755);
    }

    static Entry symlink(String name, String target) {
      return new Entry(name, Kind.SYMLINK, target, 0777);
    }

    static Entry hardLink(String name, String target) {
      return new Entry(name, Kind.HARDLINK, target, 0644);
    }
  }

  /** A release as most look: a binary, a README, a folder and a link inside. */
  static final List<Entry> RELEASE =
      List.of(
          Entry.directory("bin/"),
          Entry.executable("myapp", "#!/bin/sh\necho hello\n"),
          Entry.file("README.md", "# myapp\n", 0644),
          Entry.file("conf/app.yaml", "port: 8080\n", 0644),
          Entry.symlink("bin/myapp", "../myapp"));

  /** Writes {@code entries} to {@code file} in the format its extension names. */
  static Path write(Path file, List<Entry> entries) throws IOException {
    String name = file.getFileName().toString();
    Files.createDirectories(file.getParent());
    if (name.endsWith(".zip")) {
      zip(file, entries);
      return file;
    }
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream compressed = compressor(name, raw);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry entry : entries) {
        TarArchiveEntry tarEntry =
            switch (entry.kind()) {
              case FILE, DIRECTORY -> new TarArchiveEntry(entry.name());
              case SYMLINK -> link(entry, TarConstants.LF_SYMLINK);
              case HARDLINK -> link(entry, TarConstants.LF_LINK);
            };
        tarEntry.setMode((entry.kind() == Entry.Kind.DIRECTORY ? 040000 : 0100000) | entry.mode());
        byte[] body = entry.content().getBytes(StandardCharsets.UTF_8);
        if (entry.kind() == Entry.Kind.FILE) {
          tarEntry.setSize(body.length);
        }
        tar.putArchiveEntry(tarEntry);
        if (entry.kind() == Entry.Kind.FILE) {
          tar.write(body);
        }
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  private static TarArchiveEntry link(Entry entry, byte type) {
    TarArchiveEntry link = new TarArchiveEntry(entry.name(), type);
    link.setLinkName(entry.content());
    return link;
  }

  private static OutputStream compressor(String name, OutputStream raw) throws IOException {
    if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
      return new GzipCompressorOutputStream(raw);
    }
    if (name.endsWith(".tar.bz2") || name.endsWith(".tbz2")) {
      return new BZip2CompressorOutputStream(raw);
    }
    if (name.endsWith(".tar.xz") || name.endsWith(".txz")) {
      return new XZCompressorOutputStream(raw);
    }
    if (name.endsWith(".tar")) {
      return new NonClosing(raw);
    }
    throw new IllegalArgumentException("no archive format for " + name);
  }

  private static void zip(Path file, List<Entry> entries) throws IOException {
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file)) {
      for (Entry entry : entries) {
        ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name());
        int type =
            switch (entry.kind()) {
              case FILE -> 0100000;
              case DIRECTORY -> 040000;
              case SYMLINK -> 0120000;
              case HARDLINK -> throw new IllegalArgumentException("zip has no hard links");
            };
        zipEntry.setUnixMode(type | entry.mode());
        zip.putArchiveEntry(zipEntry);
        if (entry.kind() != Entry.Kind.DIRECTORY) {
          zip.write(entry.content().getBytes(StandardCharsets.UTF_8));
        }
        zip.closeArchiveEntry();
      }
    }
  }

  /** Lets the tar writer close over the file stream that try-with-resources closes. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
