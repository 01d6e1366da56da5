package dev.dewy.sandbox.image;

import java.util.Locale;

/**
 * A container's {@code image} field split as a container runtime reads it: registry host,
 * repository and tag or digest, with Docker Hub's defaults ({@code docker.io}, {@code library/},
 * {@code latest}).
 *
 * @param reference a tag, or a digest {@code sha256:...}
 */
public record ImageReference(String registry, String repository, String reference) {

  private static final String DOCKER_HUB = "docker.io";

  public static ImageReference parse(String image) {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("image: empty (expected [HOST[:PORT]/]REPOSITORY[:TAG])");
    }
    String rest = image.strip();
    String reference = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      reference = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    int slash = rest.indexOf('/');
    String registry = DOCKER_HUB;
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      if (reference == null) {
        reference = rest.substring(colon + 1);
      }
      rest = rest.substring(0, colon);
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (rest.isEmpty() || !rest.equals(rest.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "image \"" + image + "\": the repository must be lower case and not empty");
    }
    return new ImageReference(registry, rest, reference == null ? "latest" : reference);
  }

  /**
   * Whether the registry is on this host, where plain HTTP is used: Docker treats 127.0.0.0/8 (and
   * localhost) as an insecure registry too.
   */
  public boolean isLoopback() {
    String host = registry.replaceFirst(":\\d+$", "");
    return host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]");
  }

  /** {@code http(s)://HOST[:PORT]}, the base of the distribution API ({@code /v2/...}). */
  public String baseUrl() {
    String host = registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    return (isLoopback() ? "http://" : "https://") + host;
  }

  /** {@code registry/repository@digest}, the imageID a kubelet reports for a pulled image. */
  public String withDigest(String digest) {
    return registry + "/" + repository + "@" + digest;
  }
}
