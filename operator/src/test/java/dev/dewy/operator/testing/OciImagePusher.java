package dev.dewy.operator.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes tiny but valid OCI images (one empty layer, a config labelled with the tag, so every tag
 * has its own digest) over plain HTTP, as docker push would: blob uploads, then a manifest.
 */
final class OciImagePusher {
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  private final URI registry;
  private final java.util.function.Function<String, Optional<String>> authorization;
  private final HttpClient client =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** {@code authorization} gives the Authorization header for a repository, if one is needed. */
  OciImagePusher(
      URI registry, java.util.function.Function<String, Optional<String>> authorization) {
    this.registry = registry;
    this.authorization = authorization;
  }

  /** Pushes an image as {@code repo:tag} and returns its manifest digest. */
  String push(String repo, String tag) {
    byte[] tar = new byte[1024]; // an empty tar archive: two zero blocks
    byte[] layer = gzip(tar);
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"dev.dewy.tag\":\""
                + tag
                + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + digest(tar)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    uploadBlob(repo, layer);
    uploadBlob(repo, config);
    String manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"%s\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"%s\",\"size\":%d},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"%s\",\"size\":%d}]}")
            .formatted(MANIFEST_TYPE, digest(config), config.length, digest(layer), layer.length);
    HttpResponse<String> put =
        send(
            repo,
            request("/v2/" + repo + "/manifests/" + tag)
                .header("Content-Type", MANIFEST_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)),
            201);
    return put.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  /** Deletes the manifest {@code repo:tag} points at (and with it the tag). */
  void delete(String repo, String tag) {
    HttpResponse<String> head =
        send(
            repo,
            request("/v2/" + repo + "/manifests/" + tag)
                .header("Accept", MANIFEST_TYPE)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()),
            200);
    String digest = head.headers().firstValue("Docker-Content-Digest").orElseThrow();
    send(repo, request("/v2/" + repo + "/manifests/" + digest).DELETE(), 202);
  }

  private void uploadBlob(String repo, byte[] blob) {
    String digest = digest(blob);
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

  static String digest(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
