package dev.dewy.operator.registry;

import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.dewy.operator.registry.ArtifactChoice.Platform;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gs://BUCKET/PREFIX}: the versions are the folders under PREFIX, and a version counts once
 * its artifact is there. One paginated listing of the prefix answers both; a shipping report is an
 * empty object in the version's folder, named as Dewy names it.
 */
final class GcsRegistry implements Registry {
  /** Dewy's wait for an artifact still being uploaded before a version's absence is an error. */
  static final Duration ARTIFACT_GRACE = PublishedVersions.ARTIFACT_GRACE;

  /** The listing's page size: the JSON API's largest. */
  static final long DEFAULT_PAGE_SIZE = 1000;

  private final GcsUrl url;
  private final Storage storage;
  private final Clock clock;
  private final Platform platform;
  private final long pageSize;

  GcsRegistry(GcsUrl url, Storage storage, Clock clock, Platform platform, long pageSize) {
    this.url = url;
    this.storage = storage;
    this.clock = clock;
    this.platform = platform;
    this.pageSize = pageSize;
  }

  /**
   * The versions whose artifact is published, in listing order. A version without it is left out;
   * if no version has it and one has waited past {@link #ARTIFACT_GRACE}, that is an error.
   */
  @Override
  public List<String> tags() throws RegistryException {
    List<PublishedVersions.StoredObject> objects = new ArrayList<>();
    try {
      for (Blob blob :
          storage
              .list(
                  url.bucket(),
                  Storage.BlobListOption.prefix(url.keyPrefix()),
                  Storage.BlobListOption.pageSize(pageSize))
              .iterateAll()) {
        objects.add(new PublishedVersions.StoredObject(blob.getName(), updated(blob)));
      }
    } catch (BaseServiceException e) {
      throw GcsClients.failure(url, e);
    }
    List<PublishedVersions.Candidate> candidates =
        PublishedVersions.folders(url.keyPrefix(), objects);
    return PublishedVersions.select(
        url.describe(), candidates, url.options().artifact(), platform, clock.instant());
  }

  /**
   * Writes Dewy's shipping report: the empty text object {@code
   * PREFIX/VERSION/shipped_to_HOST_COMMAND_at_TIME.txt}.
   */
  @Override
  public void report(String version, String shippedTo) throws RegistryException {
    String name =
        url.keyPrefix()
            + version
            + "/"
            + new ShippingReport(shippedTo, GrpcRegistry.COMMAND, clock.instant()).fileName();
    try {
      storage.create(
          BlobInfo.newBuilder(url.bucket(), name)
              .setContentType(ShippingReport.CONTENT_TYPE)
              .build());
    } catch (BaseServiceException e) {
      throw GcsClients.failure(url, e);
    }
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      // nothing held open is left to free
    }
  }

  /** When an object was last written; its creation if the listing has no update time. */
  private static Instant updated(Blob blob) {
    Long millis = blob.getUpdateTime() != null ? blob.getUpdateTime() : blob.getCreateTime();
    return millis == null ? Instant.EPOCH : Instant.ofEpochMilli(millis);
  }
}
