package dev.dewy.operator.registry;

import java.util.Map;
import java.util.Optional;

/**
 * What ghr:// authenticates with: a token, or a GitHub App installation whose tokens are minted on
 * demand. Both travel through the pollers as {@link RegistryCredentials}, so that callers with the
 * same Secret share one client; the App's key stays the password and is never printed.
 */
public sealed interface GitHubCredentials {
  /** The Secret keys (and the fetcher's environment variables) for a token. */
  String TOKEN = "GITHUB_TOKEN";

  String GH_TOKEN = "GH_TOKEN";
  String APP_ID = "GITHUB_APP_ID";
  String APP_INSTALLATION_ID = "GITHUB_APP_INSTALLATION_ID";
  String APP_PRIVATE_KEY = "GITHUB_APP_PRIVATE_KEY";

  /** A personal access token, fine-grained token or Actions token, sent as a Bearer token. */
  record Token(String token) implements GitHubCredentials {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  /** A GitHub App installation: its id, the installation's id and the App's PEM private key. */
  record App(String appId, String installationId, String privateKeyPem)
      implements GitHubCredentials {
    @Override
    public String toString() {
      return "App[appId=" + appId + ", installationId=" + installationId + ", privateKey=***]";
    }
  }

  /** As the pollers carry them. */
  default RegistryCredentials asRegistryCredentials() {
    if (this instanceof App app) {
      return new RegistryCredentials(
          "app:" + app.appId() + ":" + app.installationId(), app.privateKeyPem());
    }
    return new RegistryCredentials("token", ((Token) this).token());
  }

  /** Back from {@link #asRegistryCredentials}. */
  static GitHubCredentials from(RegistryCredentials credentials) {
    String[] user = credentials.username().split(":", 3);
    if (user.length == 3 && user[0].equals("app")) {
      return new App(user[1], user[2], credentials.password());
    }
    return new Token(credentials.password());
  }

  /**
   * From a Secret's (or the environment's) values: {@value #TOKEN} or {@value #GH_TOKEN}, else the
   * three App keys; empty when none is there. Throws naming the missing key of a partial App.
   */
  static Optional<GitHubCredentials> from(Map<String, String> values) {
    for (String key : new String[] {TOKEN, GH_TOKEN}) {
      String token = values.get(key);
      if (token != null && !token.isBlank()) {
        return Optional.of(new Token(token.strip()));
      }
    }
    String[] app = {APP_ID, APP_INSTALLATION_ID, APP_PRIVATE_KEY};
    int present = 0;
    String missing = null;
    for (String key : app) {
      String value = values.get(key);
      if (value != null && !value.isBlank()) {
        present++;
      } else if (missing == null) {
        missing = key;
      }
    }
    if (present == 0) {
      return Optional.empty();
    }
    if (present < app.length) {
      throw new IllegalArgumentException(
          "has GitHub App keys but no %s (an App needs %s, %s and %s)"
              .formatted(missing, APP_ID, APP_INSTALLATION_ID, APP_PRIVATE_KEY));
    }
    return Optional.of(
        new App(
            values.get(APP_ID).strip(),
            values.get(APP_INSTALLATION_ID).strip(),
            values.get(APP_PRIVATE_KEY)));
  }
}
