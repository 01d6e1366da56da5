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
import java.util.HexFormat;
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
  private final Map<String, Map<String, JsonNode>> assets = new LinkedHashMap<>();

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

  /** GitHub's digest of the asset ("sha256:HEX"), which it records for every upload. */
  @Override
  public Optional<byte[]> sha256(String version, String name) throws FetchException {
    JsonNode digest;
    try {
      digest = assets(version).get(name).path("digest");
    } catch (IOException e) {
      throw new FetchException(FetchException.Failure.SOURCE, e.getMessage(), e);
    }
    if (!digest.isTextual() || !digest.asText().startsWith("sha256:")) {
      return Optional.empty();
    }
    String hex = digest.asText().substring("sha256:".length());
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new FetchException(
          FetchException.Failure.CHECKSUM_MISMATCH,
          "GitHub's digest of %s is \"%s\", not a SHA-256".formatted(name, digest.asText()));
    }
    return Optional.of(HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public String digestName() {
    return "GitHub's digest of the asset";
  }

  @Override
  public Download open(String version, String name) throws IOException {
    JsonNode asset = assets(version).get(name);
    if (asset == null) {
      throw new IOException("release " + version + " has no asset " + name);
    }
    try {
      GitHubApi.Download download = api.download(asset.path("id").asLong());
      return new Download(download.body(), download.length());
    } catch (RegistryException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private Map<String, JsonNode> assets(String version) throws IOException {
    Map<String, JsonNode> known = assets.get(version);
    if (known != null) {
      return known;
    }
    JsonNode release;
    try {
      release = api.releaseByTag(version);
    } catch (RegistryException e) {
      throw new IOException(e.getMessage(), e);
    }
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    release.path("assets").forEach(a -> byName.put(a.path("name").asText(), a));
    assets.put(version, byName);
    return byName;
  }

  @Override
  public String describe() {
    return api.describe();
  }
}
