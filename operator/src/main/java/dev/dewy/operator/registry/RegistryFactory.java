package dev.dewy.operator.registry;

import dev.dewy.operator.metrics.RegistryMeters;
import java.time.Clock;
import java.util.Optional;

/**
 * Opens the {@link Registry} for a parsed URL: the one place that knows which class serves which
 * scheme. Every scheme that parses has one.
 */
public final class RegistryFactory {
  private final RegistryHttp http;
  private final Clock clock;

  public RegistryFactory(RegistryHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  public static RegistryFactory withDefaults() {
    return withDefaults(RegistryMeters.discarded());
  }

  /** Default timeouts, counting every request in {@code meters}. */
  public static RegistryFactory withDefaults(RegistryMeters meters) {
    return new RegistryFactory(RegistryHttp.withDefaultTimeouts(meters), Clock.systemUTC());
  }

  /** A client for {@code url}. */
  public Registry open(RegistryUrl url, Optional<RegistryCredentials> credentials) {
    if (url instanceof ImageRegistryUrl img) {
      return new ImageRegistry(img, credentials, http, clock, ImageRegistry.DEFAULT_PAGE_SIZE);
    }
    if (url instanceof S3Url s3) {
      return new S3Registry(
          s3, S3Clients.open(s3, credentials), clock, ArtifactChoice.Platform.current());
    }
    if (url instanceof GcsUrl gcs) {
      return new GcsRegistry(
          gcs,
          GcsClients.open(gcs, credentials),
          clock,
          ArtifactChoice.Platform.current(),
          GcsRegistry.DEFAULT_PAGE_SIZE);
    }
    if (url instanceof GitHubReleasesUrl ghr) {
      return new GitHubReleasesRegistry(
          ghr,
          new GitHubApi(ghr, credentials.map(GitHubCredentials::from), http, clock),
          clock,
          ArtifactChoice.Platform.current());
    }
    if (url instanceof GrpcUrl grpc) {
      return new GrpcRegistry(
          grpc, ArtifactChoice.Platform.current(), GrpcRegistry.DEFAULT_DEADLINE);
    }
    throw new IllegalStateException("no client for " + url.scheme() + "://");
  }
}
