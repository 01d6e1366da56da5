package dev.dewy.operator.fetch;

import dev.dewy.operator.registry.ArtifactChoice;
import dev.dewy.operator.registry.ArtifactChoice.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fetches one release into a volume: choose the artifact, download it within the size limit, check
 * the published checksum, unpack into a staging folder, rename it into place, and point {@code
 * current} at it. Any failure leaves the volume as it was.
 */
public final class Fetcher {
  private static final int CHECKSUM_FILE_LIMIT = 1024 * 1024;

  private final ArtifactSource source;
  private final Platform platform;

  public Fetcher(ArtifactSource source, Platform platform) {
    this.source = source;
    this.platform = platform;
  }

  /** What a successful run did, in the line the init container prints. */
  public record Result(String version, Optional<String> artifact, String summary) {}

  /** Runs the fetch {@code options} describe; {@code artifact} is the URL's artifact= option. */
  public Result fetch(FetchOptions options, Optional<String> artifactOption) throws FetchException {
    String version = options.version();
    ReleaseLayout layout = new ReleaseLayout(options.into());
    try {
      if (Files.isDirectory(layout.release(version))) {
        if (!layout.isCurrent(version)) {
          layout.pointCurrentAt(version);
        }
        return new Result(
            version,
            Optional.empty(),
            "%s is already unpacked in %s; current -> releases/%s"
                .formatted(version, layout.release(version), version));
      }
    } catch (IOException e) {
      throw new FetchException(FetchException.Failure.TARGET, e.toString(), e);
    }
    List<String> files = list(version);
    Optional<String> wanted = source.artifact().or(options::artifact).or(() -> artifactOption);
    String artifact =
        ArtifactChoice.choose(files, wanted, platform)
            .orElseThrow(
                () ->
                    new FetchException(
                        FetchException.Failure.NOT_FOUND,
                        "%s has %s for version %s (%s); %s"
                            .formatted(
                                source.describe(),
                                ArtifactChoice.describe(wanted, platform),
                                version,
                                files.isEmpty() ? "no files at all" : "files: " + files,
                                wanted.isPresent()
                                    ? "correct artifact= to one of the files"
                                    : "name one with ?artifact=NAME")));
    ArchiveFormat format =
        ArchiveFormat.of(artifact)
            .orElseThrow(
                () ->
                    new FetchException(
                        FetchException.Failure.UNSUPPORTED_ARCHIVE,
                        "%s is not an archive the fetcher unpacks (expected %s)"
                            .formatted(
                                artifact, String.join(" ", ArtifactChoice.ARCHIVE_EXTENSIONS))));
    Optional<PublishedChecksum> checksum = checksum(version, artifact, files);
    Path download = layout.download(version);
    Path staging = layout.staging(version);
    try {
      Files.createDirectories(options.into());
      long size = download(version, artifact, download, options.maxSize(), checksum);
      Unpacker.unpack(download, format, artifact, staging);
      layout.publish(staging, version);
      layout.pointCurrentAt(version);
      return new Result(
          version,
          Optional.of(artifact),
          "fetched %s of %s (%d bytes, %s) into %s; current -> releases/%s"
              .formatted(
                  artifact,
                  version,
                  size,
                  checksum.map(c -> "SHA-256 matches " + c.file()).orElse("no checksum published"),
                  layout.release(version),
                  version));
    } catch (IOException e) {
      throw new FetchException(FetchException.Failure.TARGET, e.toString(), e);
    } finally {
      deleteQuietly(download);
      deleteQuietly(staging);
    }
  }

  private List<String> list(String version) throws FetchException {
    try {
      return source.files(version);
    } catch (IOException | RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      throw new FetchException(
          FetchException.Failure.SOURCE,
          message.startsWith(source.describe()) ? message : source.describe() + ": " + message,
          e);
    }
  }

  private Optional<PublishedChecksum> checksum(String version, String artifact, List<String> files)
      throws FetchException {
    Optional<String> file = PublishedChecksum.fileFor(artifact, files);
    if (file.isEmpty()) {
      return source
          .sha256(version, artifact)
          .map(digest -> new PublishedChecksum(source.digestName(), digest));
    }
    try (InputStream in = source.open(version, file.get()).body()) {
      byte[] text = in.readNBytes(CHECKSUM_FILE_LIMIT);
      return PublishedChecksum.parse(
          file.get(), new String(text, StandardCharsets.UTF_8), artifact);
    } catch (IOException | RuntimeException e) {
      throw new FetchException(
          FetchException.Failure.SOURCE, file.get() + ": " + e.getMessage(), e);
    }
  }

  private long download(
      String version,
      String artifact,
      Path into,
      long maxSize,
      Optional<PublishedChecksum> checksum)
      throws FetchException, IOException {
    MessageDigest sha256 = sha256();
    long total = 0;
    ArtifactSource.Download download = openArtifact(version, artifact);
    try (InputStream body = download.body();
        OutputStream out = Files.newOutputStream(into)) {
      if (download.length().isPresent() && download.length().getAsLong() > maxSize) {
        throw tooLarge(artifact, download.length().getAsLong() + " bytes", maxSize);
      }
      byte[] buffer = new byte[64 * 1024];
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        total += n;
        if (total > maxSize) {
          throw tooLarge(artifact, "more than " + maxSize + " bytes", maxSize);
        }
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    byte[] actual = sha256.digest();
    if (checksum.isPresent() && !Arrays.equals(actual, checksum.get().sha256())) {
      throw new FetchException(
          FetchException.Failure.CHECKSUM_MISMATCH,
          "%s has SHA-256 %s but %s publishes %s; the download is corrupt or was replaced"
              .formatted(
                  artifact,
                  HexFormat.of().formatHex(actual),
                  checksum.get().file(),
                  HexFormat.of().formatHex(checksum.get().sha256())));
    }
    return total;
  }

  private ArtifactSource.Download openArtifact(String version, String artifact)
      throws FetchException {
    try {
      return source.open(version, artifact);
    } catch (IOException | RuntimeException e) {
      throw new FetchException(FetchException.Failure.SOURCE, artifact + ": " + e.getMessage(), e);
    }
  }

  private static FetchException tooLarge(String artifact, String size, long maxSize) {
    return new FetchException(
        FetchException.Failure.TOO_LARGE,
        "%s is %s, over the limit of %d bytes; raise it with --max-size"
            .formatted(artifact, size, maxSize));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  private static void deleteQuietly(Path path) {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path each : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      // Leftovers carry a random name and are never read; the next run is unaffected.
    }
  }
}
