package dev.dewy.operator.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Pushes {@link TinyImage}s to a registry over plain HTTP, as docker push would: blob uploads, then
 * a manifest; so the demo and the tests can publish versions without docker.
 */
public final class OciImagePusher {
  private final URI registry;
  private final java.util.function.Function<String, Optional<String>> authorization;
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** {@code authorization} gives the Authorization header for a repository, if one is needed. */
  public OciImagePusher(
      URI registry, java.util.function.Function<String, Optional<String>> authorization) {
    this.registry = registry;
    this.authorization = authorization;
  }

  /** Pushes an image as {@code repo:tag} and returns its manifest digest. */
  public String push(String repo, String tag) {
    TinyImage image = TinyImage.forTag(tag);
    uploadBlob(repo, image.layer());
    uploadBlob(repo, image.config());
    HttpResponse<String> put =
        send(
            repo,
            request("/v2/" + repo + "/manifests/" + tag)
                .header("Content-Type", TinyImage.MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image.manifest())),
            201);
    return put.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  /** Deletes the manifest {@code repo:tag} points at (and with it the tag). */
  public void delete(String repo, String tag) {
    HttpResponse<String> head =
        send(
            repo,
            request("/v2/" + repo + "/manifests/" + tag)
                .header("Accept", TinyImage.MANIFEST_TYPE)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()),
            200);
    String digest = head.headers().firstValue("Docker-Content-Digest").orElseThrow();
    send(repo, request("/v2/" + repo + "/manifests/" + digest).DELETE(), 202);
  }

  private void uploadBlob(String repo, byte[] blob) {
    String digest = TinyImage.digest(blob);
    HttpResponse<String> start =
        send(
            repo,
            request("/v2/" + repo + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()),
            202);
    URI location = registry.resolve(start.headers().firstValue("Location").orElseThrow());
    String separator = location.getRawQuery() == null ? "?" : "&";
    send(
        repo,
        HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)),
        201);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(registry.resolve(path)).timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(String repo, HttpRequest.Builder request, int expectedStatus) {
    authorization.apply(repo).ifPresent(value -> request.setHeader("Authorization", value));
    HttpRequest built = request.build();
    try {
      HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expectedStatus) {
        throw new IllegalStateException(
            "%s %s answered %d, expected %d: %s"
                .formatted(
                    built.method(),
                    built.uri(),
                    response.statusCode(),
                    expectedStatus,
                    response.body()));
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
