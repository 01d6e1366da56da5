package dev.dewy.operator.registry;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code s3://REGION/BUCKET/PREFIX}: the versions are the folders under PREFIX, and a version
 * counts once its artifact is there. One paginated listing of the prefix answers both.
 */
final class S3Registry implements Registry {
  /** Dewy's wait for an artifact still being uploaded before a version's absence is an error. */
  static final Duration ARTIFACT_GRACE = PublishedVersions.ARTIFACT_GRACE;

  private final S3Url url;
  private final S3Client client;
  private final Clock clock;
  private final Platform platform;

  S3Registry(S3Url url, S3Client client, Clock clock, Platform platform) {
    this.url = url;
    this.client = client;
    this.clock = clock;
    this.platform = platform;
  }

  /**
   * The versions whose artifact is published, in listing order. A version without it is left out;
   * if no version has it and one has waited past {@link #ARTIFACT_GRACE}, that is an error.
   */
  @Override
  public List<String> tags() throws RegistryException {
    List<PublishedVersions.StoredObject> objects = new ArrayList<>();
    try {
      client
          .listObjectsV2Paginator(r -> r.bucket(url.bucket()).prefix(url.keyPrefix()))
          .contents()
          .forEach(o -> objects.add(new PublishedVersions.StoredObject(o.key(), o.lastModified())));
    } catch (SdkException e) {
      throw S3Clients.failure(url, e);
    }
    List<PublishedVersions.Candidate> candidates =
        PublishedVersions.folders(url.keyPrefix(), objects);
    return PublishedVersions.select(
        url.describe(), candidates, url.options().artifact(), platform, clock.instant());
  }

  /**
   * Dewy's report: an empty text/plain object {@code PREFIX/VERSION/shipped_to_HOST_at_STAMP.txt}
   * beside the artifact, which needs s3:PutObject there.
   */
  @Override
  public void report(String version, String shippedTo) throws RegistryException {
    String key =
        url.keyPrefix() + version + "/" + new ShippingReport(shippedTo, clock.instant()).fileName();
    try {
      client.putObject(
          r -> r.bucket(url.bucket()).key(key).contentType(ShippingReport.CONTENT_TYPE),
          RequestBody.empty());
    } catch (SdkException e) {
      throw S3Clients.writeFailure(url, key, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
