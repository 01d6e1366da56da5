package dev.dewy.operator.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.metrics.RegistryMeters;
import dev.dewy.operator.registry.GitHubApi;
import dev.dewy.operator.registry.GitHubCredentials;
import dev.dewy.operator.registry.GitHubReleasesUrl;
import dev.dewy.operator.registry.RegistryException;
import dev.dewy.operator.registry.RegistryHttp;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ghr://: the files of a version are the assets of the release tagged with it, downloaded through
 * the API (so private repositories work with the same token). The token comes from the environment,
 * where the pod puts it from the credentialsSecret.
 */
final class GitHubSource implements ArtifactSource {
  private final GitHubApi api;
  private final Map<String, Map<String, Long>> assets = new LinkedHashMap<>();

  GitHubSource(GitHubReleasesUrl url, Map<String, String> env) throws FetchException {
    Optional<GitHubCredentials> credentials;
    try {
      credentials = GitHubCredentials.from(env);
    } catch (IllegalArgumentException e) {
      throw new FetchException(
          FetchException.Failure.SOURCE,
          "the environment (from spec.credentialsSecret) " + e.getMessage(),
          e);
    }
    this.api =
        new GitHubApi(
            url,
            credentials,
            new RegistryHttp(
                Duration.ofSeconds(10), Duration.ofMinutes(10), RegistryMeters.discarded()),
            Clock.systemUTC());
  }

  @Override
  public List<String> files(String version) throws IOException {
    return new ArrayList<>(assets(version).keySet());
  }

  @Override
  public Download open(String version, String name) throws IOException {
    Long id = assets(version).get(name);
    if (id == null) {
      throw new IOException("release " + version + " has no asset " + name);
    }
    try {
      GitHubApi.Download download = api.download(id);
      return new Download(download.body(), download.length());
    } catch (RegistryException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private Map<String, Long> assets(String version) throws IOException {
    Map<String, Long> known = assets.get(version);
    if (known != null) {
      return known;
    }
    JsonNode release;
    try {
      release = api.releaseByTag(version);
    } catch (RegistryException e) {
      throw new IOException(e.getMessage(), e);
    }
    Map<String, Long> byName = new LinkedHashMap<>();
    release.path("assets").forEach(a -> byName.put(a.path("name").asText(), a.path("id").asLong()));
    assets.put(version, byName);
    return byName;
  }

  @Override
  public String describe() {
    return api.describe();
  }
}
