package dev.dewy.operator.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** The archive kinds the fetcher unpacks, told apart by the artifact's extension, as Dewy does. */
enum ArchiveFormat {
  TAR_GZ(List.of(".tar.gz", ".tgz")),
  TAR_BZ2(List.of(".tar.bz2", ".tbz2")),
  TAR_XZ(List.of(".tar.xz", ".txz")),
  TAR(List.of(".tar")),
  ZIP(List.of(".zip"));

  private final List<String> extensions;

  ArchiveFormat(List<String> extensions) {
    this.extensions = extensions;
  }

  static Optional<ArchiveFormat> of(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return Stream.of(values())
        .filter(format -> format.extensions.stream().anyMatch(lower::endsWith))
        .findFirst();
  }

  /** The tar stream inside a compressed tarball; the identity for .tar. Not for zip. */
  InputStream decompress(InputStream raw) throws IOException {
    return switch (this) {
      case TAR_GZ -> new GzipCompressorInputStream(raw, true);
      case TAR_BZ2 -> new BZip2CompressorInputStream(raw, true);
      case TAR_XZ -> new XZCompressorInputStream(raw, true);
      case TAR -> raw;
      case ZIP -> throw new IllegalStateException("a zip is read from its file, not a stream");
    };
  }

  String extension() {
    return extensions.get(0);
  }
}
