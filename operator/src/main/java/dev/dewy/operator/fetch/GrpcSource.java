package dev.dewy.operator.fetch;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import dev.dewy.operator.registry.GrpcRegistry;
import dev.dewy.operator.registry.GrpcUrl;
import dev.dewy.operator.registry.RegistryException;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.registry.RegistryUrlException;
import dev.dewy.operator.registry.S3Url;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * grpc://: the server's {@code Current} names the version and the artifact's URL; the file is
 * downloaded from there (http, https, or s3:// through the s3 source), with a checksum beside it
 * when one is published ({@code URL.sha256} or {@code checksums.txt} in the same folder).
 */
final class GrpcSource implements ArtifactSource {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final GrpcUrl url;
  private final GrpcRegistry registry;
  private final Map<String, String> env;
  private final HttpClient http;
  private URI artifactUrl;
  private String artifact;

  /** For an s3:// artifact_url: the folder's source, and the folder (the version's) name. */
  private S3Source s3;

  private String s3Folder;

  GrpcSource(GrpcUrl url, Map<String, String> env, Platform platform, Duration deadline) {
    this.url = url;
    this.env = env;
    this.registry = new GrpcRegistry(url, platform, deadline);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** Asks Current; refuses an answer for another version than the one being deployed. */
  @Override
  public List<String> files(String version) throws IOException {
    GrpcRegistry.Release release;
    try {
      release = registry.current();
    } catch (RegistryException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (!release.tag().equals(version)) {
      throw new IOException(
          "%s: the server offers %s now, not %s; this pod fetches only the version being deployed (the operator deploys %s on its next poll)"
              .formatted(url.describe(), release.tag(), version, release.tag()));
    }
    artifactUrl = parse(release.artifactUrl());
    String path = artifactUrl.getPath() == null ? "" : artifactUrl.getPath();
    artifact = path.substring(path.lastIndexOf('/') + 1);
    if (artifact.isEmpty()) {
      throw new IOException(
          "%s: artifact_url %s names no file".formatted(url.describe(), withoutQuery(artifactUrl)));
    }
    if ("s3".equals(artifactUrl.getScheme())) {
      return s3Files(release.artifactUrl());
    }
    List<String> files = new ArrayList<>(List.of(artifact));
    for (String sibling : List.of(artifact + ".sha256", "checksums.txt")) {
      if (exists(sibling(sibling))) {
        files.add(sibling);
      }
    }
    return files;
  }

  /** The server named the file; no choice by name or platform applies. */
  @Override
  public Optional<String> artifact() {
    return Optional.ofNullable(artifact);
  }

  @Override
  public Download open(String version, String name) throws IOException {
    if (s3 != null) {
      return s3.open(s3Folder, name);
    }
    URI uri = name.equals(artifact) ? artifactUrl : sibling(name);
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + withoutQuery(uri), e);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException(
          "GET %s answered HTTP %d".formatted(withoutQuery(uri), response.statusCode()));
    }
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    return new Download(response.body(), length);
  }

  @Override
  public String describe() {
    return url.describe();
  }

  @Override
  public void close() {
    registry.close();
    if (s3 != null) {
      s3.close();
    }
  }

  /** s3://REGION/BUCKET/PREFIX/VERSION/NAME: the folder is read like an s3:// release. */
  private List<String> s3Files(String location) throws IOException {
    S3Url object;
    try {
      object = (S3Url) RegistryUrl.parse(location);
    } catch (RegistryUrlException e) {
      throw new IOException("%s: artifact_url: %s".formatted(url.describe(), e.getMessage()), e);
    }
    String[] key = object.prefix().split("/");
    if (key.length < 2) {
      throw new IOException(
          "%s: artifact_url %s has no folder above the file (expected s3://REGION/BUCKET/PREFIX/VERSION/FILE)"
              .formatted(url.describe(), object.describe()));
    }
    String folder = String.join("/", Arrays.copyOf(key, key.length - 2));
    S3Url parent =
        new S3Url(object.region(), object.bucket(), folder, object.endpoint(), object.options());
    s3 = new S3Source(parent, env);
    s3Folder = key[key.length - 2];
    return s3.files(s3Folder);
  }

  private boolean exists(URI uri) throws IOException {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(uri)
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while looking for " + withoutQuery(uri), e);
    }
  }

  private URI sibling(String name) {
    return artifactUrl.resolve(name);
  }

  private URI parse(String location) throws IOException {
    URI uri;
    try {
      uri = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          "%s: artifact_url \"%s\" is not a URL".formatted(url.describe(), location), e);
    }
    String scheme = String.valueOf(uri.getScheme());
    if (!List.of("https", "http", "s3").contains(scheme)) {
      throw new IOException(
          "%s: artifact_url %s has scheme \"%s\"; the fetcher downloads https://, http:// and s3://"
              .formatted(url.describe(), withoutQuery(uri), scheme));
    }
    return uri;
  }

  /** A URL as messages show it: a query may carry a signature, so it is left out. */
  private static String withoutQuery(URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query) + "?...";
  }
}
