package dev.dewy.operator.registry;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code img://HOST[:PORT]/REPO}: an OCI distribution registry. The first path segment is always
 * the host (as in Dewy's code); Docker Hub is written {@code img://docker.io/...}, and a bare name
 * such as {@code img://nginx} or {@code img://myuser/myapp} is refused with that hint rather than
 * guessed. {@code insecure=true} speaks plain HTTP; loopback hosts always do.
 */
public record ImageRegistryUrl(
    String host, String repository, boolean insecure, ReleaseOptions options)
    implements RegistryUrl {

  static final String DOCKER_HUB_HOST = "registry-1.docker.io";
  private static final String FORM = "img://HOST/REPO";
  private static final List<String> DOCKER_HUB_NAMES =
      List.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");
  private static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*");

  @Override
  public String scheme() {
    return "img";
  }

  @Override
  public ImageRegistryUrl location() {
    return new ImageRegistryUrl(host, repository, insecure, ReleaseOptions.DEFAULT);
  }

  /** Where the registry answers: http for loopback hosts or insecure=true, https otherwise. */
  public String baseUrl() {
    boolean plain = insecure || HostPort.parse("img", host, FORM).isLoopback();
    return (plain ? "http://" : "https://") + host;
  }

  /** HOST/REPO, as people write image names; it leads every error message about this image. */
  public String imageName() {
    return host + "/" + repository;
  }

  /**
   * HOST/REPO:TAG for a container's image field; Docker Hub images are written docker.io/..., as
   * users and kubectl write them.
   */
  public String imageReference(String tag) {
    String name = host.equals(DOCKER_HUB_HOST) ? "docker.io/" + repository : imageName();
    return name + ":" + tag;
  }

  static ImageRegistryUrl from(UrlParts parts) {
    HostPort hostPort = HostPort.parse("img", parts.authority(), FORM);
    String repository = parts.path().endsWith("/") ? "" : parts.path();
    if (repository.isEmpty()) {
      String hint =
          looksLikeRegistryHost(hostPort)
              ? ""
              : "; for Docker Hub write img://docker.io/library/" + hostPort;
      throw new RegistryUrlException(
          "img:// needs a host and a repository, as %s (got \"%s\")%s"
              .formatted(FORM, parts.original(), hint));
    }
    if (!looksLikeRegistryHost(hostPort)) {
      throw new RegistryUrlException(
          ("img:// host \"%s\" is not a registry host (expected a name with a dot or a port, or"
                  + " localhost; for Docker Hub write img://docker.io/%s/%s)")
              .formatted(hostPort, hostPort, repository));
    }
    rejectTagOrDigest(repository);
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new RegistryUrlException(
          ("img:// repository \"%s\" is not a valid repository name (expected lowercase"
                  + " letters, digits and the separators . _ - between them, as shop/myapp)")
              .formatted(repository));
    }
    QueryOptions query =
        parts.options(
            List.of("pre-release", "calver", "constraint", "insecure"),
            Map.of("artifact", "an image is its own artifact"));
    String host = hostPort.toString();
    if (DOCKER_HUB_NAMES.contains(host.toLowerCase(java.util.Locale.ROOT))) {
      host = DOCKER_HUB_HOST;
      repository = repository.contains("/") ? repository : "library/" + repository;
    }
    return new ImageRegistryUrl(
        host, repository, query.bool("insecure"), ReleaseOptions.from(query));
  }

  private static boolean looksLikeRegistryHost(HostPort hostPort) {
    return hostPort.host().contains(".")
        || hostPort.port().isPresent()
        || hostPort.host().startsWith("[")
        || hostPort.isLoopback();
  }

  private static void rejectTagOrDigest(String repository) {
    int at = repository.indexOf('@');
    int colon = repository.indexOf(':');
    int cut = at >= 0 ? at : colon;
    if (cut >= 0) {
      throw new RegistryUrlException(
          ("img:// takes no tag or digest (got \"%s\"); the operator picks the tag from the"
                  + " registry, and spec.version pins one")
              .formatted(repository.substring(cut)));
    }
  }
}
