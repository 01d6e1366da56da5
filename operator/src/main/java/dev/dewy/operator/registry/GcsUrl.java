package dev.dewy.operator.registry;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code gs://BUCKET/PREFIX}: Google Cloud Storage, laid out as s3:// is (PREFIX/VERSION/ARTIFACT).
 * {@code endpoint=http://HOST:PORT} selects a GCS emulator (its JSON API) instead of Google.
 */
public record GcsUrl(String bucket, String prefix, Optional<URI> endpoint, ReleaseOptions options)
    implements RegistryUrl {

  @Override
  public String scheme() {
    return "gs";
  }

  /** Keeps artifact=: which versions count as published depends on the file it names. */
  @Override
  public GcsUrl location() {
    return new GcsUrl(
        bucket,
        prefix,
        endpoint,
        new ReleaseOptions(false, Optional.empty(), Optional.empty(), options.artifact()));
  }

  /** The URL as a user wrote it, without options: how messages name the place. */
  public String describe() {
    return "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The object name prefix of the version folders: PREFIX/ (or nothing at the bucket's root). */
  public String keyPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  static GcsUrl from(UrlParts parts) {
    if (parts.authority().isEmpty()) {
      throw new RegistryUrlException(
          "gs:// needs a bucket, as gs://BUCKET/PREFIX (got \"%s\")".formatted(parts.original()));
    }
    String bucket = BucketName.check("gs", parts.authority());
    List<String> segments = new java.util.ArrayList<>(List.of(bucket));
    segments.addAll(parts.segments());
    QueryOptions query =
        parts.options(List.of("pre-release", "calver", "constraint", "artifact", "endpoint"));
    return new GcsUrl(
        bucket, BucketName.prefix(segments), query.httpUrl("endpoint"), ReleaseOptions.from(query));
  }
}
