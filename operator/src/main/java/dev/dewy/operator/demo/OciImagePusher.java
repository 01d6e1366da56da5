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
    return push(repo, tag, TinyImage.forTag(tag));
  }

  /** Pushes {@code image} as {@code repo:tag} (a re-push moves the tag); returns its digest. */
  public String push(String repo, String tag, TinyImage image) {
    uploadBlob(repo, image.layer());
    uploadBlob(repo, image.config());
    return putManifest(repo, tag, TinyImage.MANIFEST_TYPE, image.manifest());
  }

  /**
   * Pushes a multi-arch image as {@code repo:tag}: one image per architecture, by digest, and an
   * OCI index of them under the tag; returns the index's digest.
   */
  public String pushIndex(String repo, String tag, String... architectures) {
    java.util.Map<String, TinyImage> images = new java.util.LinkedHashMap<>();
    for (String architecture : architectures) {
      TinyImage image = TinyImage.of(tag, "", architecture);
      uploadBlob(repo, image.layer());
      uploadBlob(repo, image.config());
      putManifest(repo, image.manifestDigest(), TinyImage.MANIFEST_TYPE, image.manifest());
      images.put(architecture, image);
    }
    return putManifest(repo, tag, TinyImage.INDEX_TYPE, TinyImage.index(images));
  }

  /**
   * The digest the registry names for {@code repo:tag} (HEAD, accepting indexes and manifests), as
   * a client that pins digests asks for it.
   */
  public String digest(String repo, String tag) {
    HttpResponse<String> head =
        send(
            repo,
            request("/v2/" + repo + "/manifests/" + tag)
                .header("Accept", TinyImage.INDEX_TYPE + ", " + TinyImage.MANIFEST_TYPE)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()),
            200);
    return head.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  private String putManifest(String repo, String reference, String type, byte[] manifest) {
    HttpResponse<String> put =
        send(
            repo,
            request("/v2/" + repo + "/manifests/" + reference)
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
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
