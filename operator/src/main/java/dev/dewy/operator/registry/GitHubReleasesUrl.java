package dev.dewy.operator.registry;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code ghr://OWNER/REPO}: GitHub Releases. {@code enterprise-url=https://HOST/api/v3} points at a
 * GitHub Enterprise Server API (Dewy reads that from an environment variable instead).
 */
public record GitHubReleasesUrl(
    String owner, String repo, Optional<URI> enterpriseUrl, ReleaseOptions options)
    implements RegistryUrl {

  private static final String NAME = "[A-Za-z0-9_.-]+";

  @Override
  public String scheme() {
    return "ghr";
  }

  /** Keeps artifact=: which releases count as published depends on the asset it names. */
  @Override
  public GitHubReleasesUrl location() {
    return new GitHubReleasesUrl(
        owner,
        repo,
        enterpriseUrl,
        new ReleaseOptions(false, Optional.empty(), Optional.empty(), options.artifact()));
  }

  static GitHubReleasesUrl from(UrlParts parts) {
    List<String> segments = parts.segments();
    if (parts.authority().isEmpty() || segments.size() != 1) {
      throw new RegistryUrlException(
          "ghr:// needs an owner and a repository, as ghr://OWNER/REPO (got \"%s\")"
              .formatted(parts.original()));
    }
    String owner = parts.authority();
    String repo = segments.get(0);
    for (String name : List.of(owner, repo)) {
      if (!name.matches(NAME)) {
        throw new RegistryUrlException(
            ("ghr:// \"%s\" is not a GitHub owner or repository name (expected letters, digits,"
                    + " . _ and -)")
                .formatted(name));
      }
    }
    QueryOptions query =
        parts.options(List.of("pre-release", "calver", "constraint", "artifact", "enterprise-url"));
    Optional<URI> enterprise = query.httpUrl("enterprise-url");
    if (enterprise.isPresent()
        && "http".equals(enterprise.get().getScheme())
        && !HostPort.parse("ghr", enterprise.get().getRawAuthority(), "HOST").isLoopback()) {
      throw new RegistryUrlException(
          ("enterprise-url must be https (got \"%s\"): the token would travel unencrypted; plain"
                  + " http is accepted for loopback hosts only")
              .formatted(enterprise.get()));
    }
    return new GitHubReleasesUrl(owner, repo, enterprise, ReleaseOptions.from(query));
  }
}
