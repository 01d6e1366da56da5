package dev.dewy.operator.fetch;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import dev.dewy.operator.registry.GcsUrl;
import dev.dewy.operator.registry.GitHubReleasesUrl;
import dev.dewy.operator.registry.GrpcRegistry;
import dev.dewy.operator.registry.GrpcUrl;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.registry.RegistryUrlException;
import dev.dewy.operator.registry.S3Url;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar dewy-operator.jar fetch ...}: the init container's program. A failure exits
 * non-zero and leaves its message in the termination log too, where the pod's status shows it.
 */
public final class FetchCommand {
  private FetchCommand() {}

  /** Runs the fetch; returns the process's exit code: 0 done, 1 failed, 2 bad arguments. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    FetchOptions options;
    try {
      options = FetchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("dewy-operator fetch: " + e.getMessage());
      err.print(FetchOptions.USAGE);
      return 2;
    }
    if (options.help()) {
      out.print(FetchOptions.USAGE);
      return 0;
    }
    try {
      SourceUrl source = SourceUrl.parse(options.source());
      try (ArtifactSource opened = source.open(env)) {
        Fetcher.Result result =
            new Fetcher(opened, Platform.current()).fetch(options, source.artifact());
        out.println("dewy-operator fetch: " + result.summary());
        return 0;
      }
    } catch (FetchException e) {
      fail(options.terminationLog(), e.getMessage(), err);
      return 1;
    } catch (RegistryUrlException e) {
      fail(options.terminationLog(), "--source: " + e.getMessage(), err);
      return 2;
    }
  }

  private static void fail(Path terminationLog, String message, PrintStream err) {
    err.println("dewy-operator fetch: " + message);
    if (Files.exists(terminationLog)) {
      try {
        Files.writeString(terminationLog, message, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("dewy-operator fetch: cannot write " + terminationLog + ": " + e);
      }
    }
  }

  /** The --source URL: a directory, or a registry URL whose scheme has a source. */
  record SourceUrl(String url, Optional<String> artifact) {
    static SourceUrl parse(String url) {
      if (url.startsWith("file:")) {
        return new SourceUrl(url, Optional.empty());
      }
      RegistryUrl parsed = RegistryUrl.parse(url);
      if (!(parsed instanceof S3Url)
          && !(parsed instanceof GcsUrl)
          && !(parsed instanceof GitHubReleasesUrl)
          && !(parsed instanceof GrpcUrl)) {
        throw new RegistryUrlException(
            "%s:// has no fetcher yet (supported: s3, gs, ghr, grpc, file)"
                .formatted(parsed.scheme()));
      }
      return new SourceUrl(url, parsed.options().artifact());
    }

    ArtifactSource open(Map<String, String> env) throws FetchException {
      if (url.startsWith("file:")) {
        return new DirectorySource(Path.of(URI.create(url)));
      }
      RegistryUrl parsed = RegistryUrl.parse(url);
      if (parsed instanceof GitHubReleasesUrl ghr) {
        return new GitHubSource(ghr, env);
      }
      if (parsed instanceof GcsUrl gcs) {
        return new GcsSource(gcs, env);
      }
      if (parsed instanceof GrpcUrl grpc) {
        return new GrpcSource(grpc, env, Platform.current(), GrpcRegistry.DEFAULT_DEADLINE);
      }
      return new S3Source((S3Url) parsed, env);
    }
  }
}
