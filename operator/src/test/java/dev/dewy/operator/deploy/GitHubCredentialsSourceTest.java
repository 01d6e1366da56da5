package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.registry.GitHubCredentials;
import dev.dewy.operator.registry.RegistryCredentials;
import dev.dewy.operator.registry.RegistryUrl;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ghr:// credentials from spec.credentialsSecret, for the poller and for the fetch init container.
 */
class GitHubCredentialsSourceTest {
  private static final RegistryUrl GHR = RegistryUrl.parse("ghr://shop/myapp");

  /** Either key serves; the fetcher reads the token as GITHUB_TOKEN whichever it came from. */
  @ParameterizedTest
  @ValueSource(strings = {"GITHUB_TOKEN", "GH_TOKEN"})
  void aTokenUnderEitherKeyIsSentAsABearerTokenAndReachesTheFetcherAsGitHubToken(String key) {
    Secrets secrets = secrets(Map.of(key, "ghp_1"));

    assertThat(credentials(secrets).map(GitHubCredentials::from))
        .contains(new GitHubCredentials.Token("ghp_1"));
    assertThat(RegistryCredentialsSource.fetcherEnv(secrets, "shop", "gh", GHR))
        .containsExactly(Map.entry("GITHUB_TOKEN", key));
  }

  @Test
  void gitHubAppKeysMakeAnAppWhoseThreeKeysReachTheFetcher() {
    Secrets secrets =
        secrets(
            Map.of(
                "GITHUB_APP_ID", "42",
                "GITHUB_APP_INSTALLATION_ID", "7",
                "GITHUB_APP_PRIVATE_KEY", "-----BEGIN RSA PRIVATE KEY-----..."));

    assertThat(credentials(secrets).map(GitHubCredentials::from))
        .contains(new GitHubCredentials.App("42", "7", "-----BEGIN RSA PRIVATE KEY-----..."));
    assertThat(RegistryCredentialsSource.fetcherEnv(secrets, "shop", "gh", GHR))
        .containsExactly(
            Map.entry("GITHUB_APP_ID", "GITHUB_APP_ID"),
            Map.entry("GITHUB_APP_INSTALLATION_ID", "GITHUB_APP_INSTALLATION_ID"),
            Map.entry("GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_PRIVATE_KEY"));
    assertThat(credentials(secrets).orElseThrow().toString()).doesNotContain("BEGIN");
  }

  @Test
  void anAppMissingAKeyNamesIt() {
    Secrets secrets = secrets(Map.of("GITHUB_APP_ID", "42", "GITHUB_APP_PRIVATE_KEY", "pem"));

    assertThatThrownBy(() -> credentials(secrets))
        .hasMessage(
            "spec.credentialsSecret: Secret \"gh\" has GitHub App keys but no"
                + " GITHUB_APP_INSTALLATION_ID (an App needs GITHUB_APP_ID,"
                + " GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY)");
  }

  @Test
  void aMissingSecretSaysHowToCreateIt() {
    Secrets secrets = new Secrets(name -> Optional.empty());

    assertThatThrownBy(() -> credentials(secrets))
        .hasMessage(
            "spec.credentialsSecret: Secret \"gh\" not found in namespace \"shop\" (create it with"
                + " kubectl create secret generic gh --from-literal=GITHUB_TOKEN=...)");
  }

  @Test
  void withoutCredentialsSecretRequestsAreAnonymous() {
    Secrets secrets = new Secrets(name -> Optional.empty());

    assertThat(RegistryCredentialsSource.credentials(secrets, "shop", null, GHR, null)).isEmpty();
    assertThat(RegistryCredentialsSource.fetcherEnv(secrets, "shop", null, GHR)).isEmpty();
  }

  private static Optional<RegistryCredentials> credentials(Secrets secrets) {
    return RegistryCredentialsSource.credentials(secrets, "shop", "gh", GHR, null);
  }

  private static Secrets secrets(Map<String, String> data) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("gh")
            .endMetadata()
            .withStringData(data)
            .build();
    return new Secrets(name -> name.equals("gh") ? Optional.of(secret) : Optional.empty());
  }
}
