package dev.dewy.operator.registry;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code s3://REGION/BUCKET/PREFIX}: releases laid out as PREFIX/VERSION/ARTIFACT in a bucket.
 * {@code endpoint=https://HOST} selects an S3-compatible store instead of AWS.
 */
public record S3Url(
    String region, String bucket, String prefix, Optional<URI> endpoint, ReleaseOptions options)
    implements RegistryUrl {

  @Override
  public String scheme() {
    return "s3";
  }

  /** Keeps artifact=: which versions count as published depends on the file it names. */
  @Override
  public S3Url location() {
    return new S3Url(
        region,
        bucket,
        prefix,
        endpoint,
        new ReleaseOptions(false, Optional.empty(), Optional.empty(), options.artifact()));
  }

  /** The URL as a user wrote it, without options: how messages name the place. */
  public String describe() {
    return "s3://" + region + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The key prefix of the version folders: PREFIX/ (or nothing at the bucket's root). */
  public String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  static S3Url from(UrlParts parts) {
    List<String> segments = parts.segments();
    if (parts.authority().isEmpty() || segments.isEmpty()) {
      throw new RegistryUrlException(
          "s3:// needs a region and a bucket, as s3://REGION/BUCKET/PREFIX (got \"%s\")"
              .formatted(parts.original()));
    }
    if (!parts.authority().matches("[a-z0-9-]+")) {
      throw new RegistryUrlException(
          "s3:// region \"%s\" is not a region name (expected e.g. ap-northeast-1)"
              .formatted(parts.authority()));
    }
    String bucket = BucketName.check("s3", segments.get(0));
    QueryOptions query =
        parts.options(List.of("pre-release", "calver", "constraint", "artifact", "endpoint"));
    return new S3Url(
        parts.authority(),
        bucket,
        BucketName.prefix(segments),
        query.httpUrl("endpoint"),
        ReleaseOptions.from(query));
  }
}
