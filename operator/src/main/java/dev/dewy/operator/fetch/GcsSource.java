package dev.dewy.operator.fetch;

import com.google.cloud.BaseServiceException;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import dev.dewy.operator.registry.GcsClients;
import dev.dewy.operator.registry.GcsUrl;
import dev.dewy.operator.registry.RegistryCredentials;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** gs://: the files of a version are the objects PREFIX/VERSION/NAME. */
final class GcsSource implements ArtifactSource {
  private final GcsUrl url;
  private final Storage storage;

  /**
   * The key from {@code env} (the pod fills GOOGLE_CREDENTIALS from the credentialsSecret), else
   * the pod's Google identity.
   */
  GcsSource(GcsUrl url, Map<String, String> env) throws FetchException {
    this.url = url;
    Optional<RegistryCredentials> credentials;
    try {
      credentials = GcsClients.credentials(env);
    } catch (IllegalArgumentException e) {
      throw new FetchException(
          FetchException.Failure.SOURCE,
          "the environment (from spec.credentialsSecret): " + e.getMessage(),
          e);
    }
    this.storage = GcsClients.open(url, credentials);
  }

  @Override
  public List<String> files(String version) throws IOException {
    String folder = url.keyPrefix() + version + "/";
    try {
      List<String> names = new ArrayList<>();
      for (Blob blob :
          storage
              .list(
                  url.bucket(),
                  Storage.BlobListOption.prefix(folder),
                  Storage.BlobListOption.currentDirectory())
              .iterateAll()) {
        String name = blob.getName().substring(folder.length());
        if (!name.isEmpty() && !blob.isDirectory()) {
          names.add(name);
        }
      }
      return names;
    } catch (BaseServiceException e) {
      throw new IOException(GcsClients.failure(url, e).getMessage(), e);
    }
  }

  @Override
  public Download open(String version, String name) throws IOException {
    BlobId id = BlobId.of(url.bucket(), url.keyPrefix() + version + "/" + name);
    try {
      Blob blob = storage.get(id);
      if (blob == null) {
        throw new IOException(
            "%s: %s has no file %s (it was listed; was it deleted?)"
                .formatted(url.describe(), version, name));
      }
      ReadChannel reader = blob.reader();
      Long size = blob.getSize();
      return new Download(
          Channels.newInputStream(reader),
          size == null ? OptionalLong.empty() : OptionalLong.of(size));
    } catch (BaseServiceException e) {
      throw new IOException(GcsClients.failure(url, e).getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return url.describe();
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      // nothing held open is left to free
    }
  }
}
