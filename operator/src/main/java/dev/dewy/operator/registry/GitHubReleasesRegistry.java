package dev.dewy.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.registry.ArtifactChoice.Platform;
import dev.dewy.operator.registry.RegistryException.Kind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ghr://OWNER/REPO}: the versions are the tags of the repository's published releases (100 a
 * page, every page through Link), drafts left out, and a release counts once its artifact is among
 * its assets. Whether a tag is a pre-release is the version policy's call, as in Dewy.
 */
final class GitHubReleasesRegistry implements Registry {
  static final int PAGE_SIZE = 100;

  private final GitHubReleasesUrl url;
  private final GitHubApi api;
  private final Clock clock;
  private final Platform platform;

  GitHubReleasesRegistry(GitHubReleasesUrl url, GitHubApi api, Clock clock, Platform platform) {
    this.url = url;
    this.api = api;
    this.clock = clock;
    this.platform = platform;
  }

  @Override
  public List<String> tags() throws RegistryException {
    api.checkPause();
    List<PublishedVersions.Candidate> candidates = new ArrayList<>();
    Optional<URI> page = Optional.of(api.repoUri("/releases?per_page=" + PAGE_SIZE));
    int pages = 0;
    while (page.isPresent()) {
      if (++pages > 1000) {
        throw new RegistryException(
            Kind.PROTOCOL, api.describe() + ": the release list does not end after 1000 pages");
      }
      GitHubApi.Page answer = api.getJson(page.get());
      if (!answer.body().isArray()) {
        throw new RegistryException(
            Kind.PROTOCOL, api.describe() + ": the release list is not a JSON array");
      }
      for (JsonNode release : answer.body()) {
        if (release.path("draft").asBoolean(false) || !release.path("tag_name").isTextual()) {
          continue;
        }
        List<String> assets = new ArrayList<>();
        release.path("assets").forEach(asset -> assets.add(asset.path("name").asText()));
        candidates.add(
            new PublishedVersions.Candidate(
                release.path("tag_name").asText(), assets, publishedAt(release)));
      }
      page = answer.next();
    }
    return PublishedVersions.select(
        api.describe(), candidates, url.options().artifact(), platform, clock.instant());
  }

  /**
   * Dewy's report: a text/plain asset {@code shipped_to_HOST_at_STAMP.txt} on the release of {@code
   * version}, whose content is the same words with spaces.
   */
  @Override
  public void report(String version, String shippedTo) throws RegistryException {
    ShippingReport report = new ShippingReport(shippedTo, clock.instant());
    api.uploadAsset(
        api.releaseByTag(version),
        report.fileName(),
        report.text().getBytes(StandardCharsets.UTF_8),
        ShippingReport.CONTENT_TYPE);
  }

  /** When the release went out (its creation, for one GitHub has not dated). */
  private static Instant publishedAt(JsonNode release) {
    return instant(release.path("published_at"))
        .or(() -> instant(release.path("created_at")))
        .orElse(Instant.EPOCH);
  }

  private static Optional<Instant> instant(JsonNode value) {
    if (!value.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
