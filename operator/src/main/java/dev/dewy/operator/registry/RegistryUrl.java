package dev.dewy.operator.registry;

/**
 * spec.registry parsed: one record per Dewy scheme, so code that needs a scheme's parts gets them
 * typed. {@link #parse} rejects anything a registry could not be asked with.
 */
public sealed interface RegistryUrl
    permits ImageRegistryUrl, GitHubReleasesUrl, S3Url, GcsUrl, GrpcUrl {

  /** The scheme as written in the URL: img, ghr, s3, gs or grpc. */
  String scheme();

  /** The policy options (pre-release, calver, constraint, artifact). */
  ReleaseOptions options();

  /** This URL without its policy options: what to fetch, with nothing about how to judge it. */
  RegistryUrl location();

  /** Parses a Dewy registry URL, or throws {@link RegistryUrlException} naming the fix. */
  static RegistryUrl parse(String url) {
    UrlParts parts = UrlParts.split(url);
    return switch (parts.scheme()) {
      case "img" -> ImageRegistryUrl.from(parts);
      case "ghr" -> GitHubReleasesUrl.from(parts);
      case "s3" -> S3Url.from(parts);
      case "gs" -> GcsUrl.from(parts);
      case "grpc" -> GrpcUrl.from(parts);
      default ->
          throw new RegistryUrlException(
              "unknown scheme \"%s\" (expected img, ghr, s3, gs or grpc)"
                  .formatted(parts.scheme()));
    };
  }
}
