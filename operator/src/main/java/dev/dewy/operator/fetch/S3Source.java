package dev.dewy.operator.fetch;

import dev.dewy.operator.registry.RegistryCredentials;
import dev.dewy.operator.registry.S3Clients;
import dev.dewy.operator.registry.S3Url;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** s3://: the files of a version are the objects PREFIX/VERSION/NAME. */
final class S3Source implements ArtifactSource {
  private final S3Url url;
  private final S3Client client;

  /** Keys from {@code env} (the pod fills them from the credentialsSecret), else AWS's chain. */
  S3Source(S3Url url, Map<String, String> env) {
    this.url = url;
    String id = env.get(S3Clients.ACCESS_KEY_ID);
    String secret = env.get(S3Clients.SECRET_ACCESS_KEY);
    Optional<RegistryCredentials> credentials =
        id == null || id.isEmpty() || secret == null
            ? Optional.empty()
            : Optional.of(new RegistryCredentials(id, secret));
    this.client = S3Clients.open(url, credentials);
  }

  @Override
  public List<String> files(String version) throws IOException {
    String folder = url.keyPrefix() + version + "/";
    try {
      return client
          .listObjectsV2Paginator(r -> r.bucket(url.bucket()).prefix(folder).delimiter("/"))
          .contents()
          .stream()
          .map(object -> object.key().substring(folder.length()))
          .filter(name -> !name.isEmpty())
          .toList();
    } catch (SdkException e) {
      throw new IOException(S3Clients.failure(url, e).getMessage(), e);
    }
  }

  @Override
  public Download open(String version, String name) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> body =
          client.getObject(r -> r.bucket(url.bucket()).key(url.keyPrefix() + version + "/" + name));
      Long length = body.response().contentLength();
      return new Download(body, length == null ? OptionalLong.empty() : OptionalLong.of(length));
    } catch (SdkException e) {
      throw new IOException(S3Clients.failure(url, e).getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return url.describe();
  }

  @Override
  public void close() {
    client.close();
  }
}
