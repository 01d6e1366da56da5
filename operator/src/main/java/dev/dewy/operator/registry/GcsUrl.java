package dev.dewy.operator.registry;

import java.util.List;

/** {@code gs://BUCKET/PREFIX}: Google Cloud Storage, laid out as s3:// is. */
public record GcsUrl(String bucket, String prefix, ReleaseOptions options) implements RegistryUrl {

  @Override
  public String scheme() {
    return "gs";
  }

  @Override
  public GcsUrl location() {
    return new GcsUrl(bucket, prefix, ReleaseOptions.DEFAULT);
  }

  static GcsUrl from(UrlParts parts) {
    if (parts.authority().isEmpty()) {
      throw new RegistryUrlException(
          "gs:// needs a bucket, as gs://BUCKET/PREFIX (got \"%s\")".formatted(parts.original()));
    }
    String bucket = BucketName.check("gs", parts.authority());
    List<String> segments = new java.util.ArrayList<>(List.of(bucket));
    segments.addAll(parts.segments());
    QueryOptions query = parts.options(List.of("pre-release", "calver", "constraint", "artifact"));
    return new GcsUrl(bucket, BucketName.prefix(segments), ReleaseOptions.from(query));
  }
}
