package dev.dewy.operator.fetch;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SHA-256 a release publishes for its artifact: {@code ARTIFACT.sha256} (sha256sum's output or
 * the bare digest) or a line of {@code checksums.txt} (goreleaser's), in that order.
 */
record PublishedChecksum(String file, byte[] sha256) {
  static final String CHECKSUMS_TXT = "checksums.txt";

  /** The file to read for {@code artifact} among {@code files}, if the release has one. */
  static Optional<String> fileFor(String artifact, List<String> files) {
    if (files.contains(artifact + ".sha256")) {
      return Optional.of(artifact + ".sha256");
    }
    return files.contains(CHECKSUMS_TXT) ? Optional.of(CHECKSUMS_TXT) : Optional.empty();
  }

  /**
   * Reads the digest for {@code artifact} from {@code text} of {@code file}; empty when a
   * checksums.txt does not list the artifact. Throws when a line is not "HEX NAME".
   */
  static Optional<PublishedChecksum> parse(String file, String text, String artifact)
      throws FetchException {
    boolean single = !file.equals(CHECKSUMS_TXT);
    for (String line : text.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length == 0 || fields[0].isEmpty()) {
        continue;
      }
      String name = fields.length > 1 ? fields[fields.length - 1].replaceFirst("^\\*", "") : "";
      if (single || name.equals(artifact)) {
        return Optional.of(new PublishedChecksum(file, digest(file, fields[0])));
      }
    }
    if (single) {
      throw new FetchException(
          FetchException.Failure.CHECKSUM_MISMATCH, file + " is empty (expected a SHA-256)");
    }
    return Optional.empty();
  }

  private static byte[] digest(String file, String hex) throws FetchException {
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new FetchException(
          FetchException.Failure.CHECKSUM_MISMATCH,
          "%s holds \"%s\", not a SHA-256 (expected 64 hex digits)".formatted(file, hex));
    }
    return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
  }
}
