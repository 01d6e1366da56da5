package dev.dewy.operator.deploy;

import dev.dewy.operator.registry.DockerConfigJson;
import dev.dewy.operator.registry.GcsClients;
import dev.dewy.operator.registry.GcsUrl;
import dev.dewy.operator.registry.GitHubCredentials;
import dev.dewy.operator.registry.GitHubReleasesUrl;
import dev.dewy.operator.registry.ImageRegistryUrl;
import dev.dewy.operator.registry.RegistryCredentials;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.registry.S3Clients;
import dev.dewy.operator.registry.S3Url;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds registry credentials the way a kubelet would for the target's pods: spec.credentialsSecret
 * first, else the pod template's imagePullSecrets. Secrets are read only from the DewyDeployment's
 * own namespace, and their contents go nowhere but into the registry client.
 */
final class RegistryCredentialsSource {
  static final String DOCKER_CONFIG_KEY = ".dockerconfigjson";

  private RegistryCredentialsSource() {}

  static Optional<RegistryCredentials> credentials(
      Secrets secrets,
      String namespace,
      String credentialsSecret,
      RegistryUrl registry,
      Workload workload) {
    if (registry instanceof S3Url) {
      return accessKeys(secrets, namespace, credentialsSecret);
    }
    if (registry instanceof GcsUrl) {
      return serviceAccountKey(secrets, namespace, credentialsSecret);
    }
    if (registry instanceof GitHubReleasesUrl) {
      return gitHub(secrets, namespace, credentialsSecret)
          .map(GitHubCredentials::asRegistryCredentials);
    }
    if (!(registry instanceof ImageRegistryUrl image)) {
      return Optional.empty();
    }
    if (credentialsSecret != null && !credentialsSecret.isBlank()) {
      Secret secret = secrets.get(credentialsSecret).orElse(null);
      if (secret == null) {
        throw new BlockedException(
            Reasons.SECRET_NOT_FOUND,
            "spec.credentialsSecret: Secret \"%s\" not found in namespace \"%s\" (create it with"
                    .formatted(credentialsSecret, namespace)
                + " kubectl create secret docker-registry %s --docker-server=%s ...)"
                    .formatted(credentialsSecret, image.host()));
      }
      String json = dockerConfig(secret);
      if (json == null) {
        throw new BlockedException(
            Reasons.SECRET_NOT_FOUND,
            ("spec.credentialsSecret: Secret \"%s\" has no %s key (it must be of type"
                    + " kubernetes.io/dockerconfigjson)")
                .formatted(credentialsSecret, DOCKER_CONFIG_KEY));
      }
      Optional<RegistryCredentials> found;
      try {
        found = DockerConfigJson.credentialsFor(image.host(), json);
      } catch (IllegalArgumentException e) {
        throw new BlockedException(
            Reasons.SECRET_NOT_FOUND,
            "spec.credentialsSecret: Secret \"%s\": %s (recreate it with kubectl create secret docker-registry)"
                .formatted(credentialsSecret, e.getMessage()));
      }
      return Optional.of(
          found.orElseThrow(
              () ->
                  new BlockedException(
                      Reasons.SECRET_NOT_FOUND,
                      "spec.credentialsSecret: Secret \"%s\" has no credentials for %s (add an auths entry for that host)"
                          .formatted(credentialsSecret, image.host()))));
    }
    return pullSecrets(namespace, workload).stream()
        .map(ref -> secrets.get(ref.getName()).orElse(null))
        .filter(s -> s != null && dockerConfig(s) != null)
        .map(s -> pullSecretCredentials(image.host(), dockerConfig(s)))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /**
   * s3:// keys from spec.credentialsSecret, as the fetch init container gets them; without the
   * field, empty: the AWS default chain (the operator's own identity) serves.
   */
  private static Optional<RegistryCredentials> accessKeys(
      Secrets secrets, String namespace, String credentialsSecret) {
    if (credentialsSecret == null || credentialsSecret.isBlank()) {
      return Optional.empty();
    }
    String create =
        "kubectl create secret generic %s --from-literal=%s=... --from-literal=%s=..."
            .formatted(credentialsSecret, S3Clients.ACCESS_KEY_ID, S3Clients.SECRET_ACCESS_KEY);
    Secret secret = existing(secrets, namespace, credentialsSecret, create);
    String[] values = new String[2];
    List<String> keys = List.of(S3Clients.ACCESS_KEY_ID, S3Clients.SECRET_ACCESS_KEY);
    for (int i = 0; i < keys.size(); i++) {
      values[i] = value(secret, keys.get(i));
      if (values[i] == null || values[i].isEmpty()) {
        throw new BlockedException(
            Reasons.SECRET_NOT_FOUND,
            "spec.credentialsSecret: Secret \"%s\" has no %s key (s3:// reads %s and %s; recreate it with %s)"
                .formatted(
                    credentialsSecret,
                    keys.get(i),
                    S3Clients.ACCESS_KEY_ID,
                    S3Clients.SECRET_ACCESS_KEY,
                    create));
      }
    }
    return Optional.of(new RegistryCredentials(values[0], values[1]));
  }

  /**
   * gs:// key from spec.credentialsSecret, as the fetch init container gets it; without the field,
   * empty: Application Default Credentials (the operator's own identity) serve.
   */
  private static Optional<RegistryCredentials> serviceAccountKey(
      Secrets secrets, String namespace, String credentialsSecret) {
    if (credentialsSecret == null || credentialsSecret.isBlank()) {
      return Optional.empty();
    }
    String create =
        "kubectl create secret generic %s --from-file=%s=KEY.json"
            .formatted(credentialsSecret, GcsClients.GOOGLE_CREDENTIALS);
    Secret secret = existing(secrets, namespace, credentialsSecret, create);
    String json = value(secret, GcsClients.GOOGLE_CREDENTIALS);
    if (json == null || json.isBlank()) {
      throw new BlockedException(
          Reasons.SECRET_NOT_FOUND,
          "spec.credentialsSecret: Secret \"%s\" has no %s key (gs:// reads %s, a service account's JSON key; recreate it with %s)"
              .formatted(
                  credentialsSecret,
                  GcsClients.GOOGLE_CREDENTIALS,
                  GcsClients.GOOGLE_CREDENTIALS,
                  create));
    }
    try {
      return Optional.of(GcsClients.credentials(json));
    } catch (IllegalArgumentException e) {
      throw new BlockedException(
          Reasons.SECRET_NOT_FOUND,
          "spec.credentialsSecret: Secret \"%s\": %s (recreate it with %s)"
              .formatted(credentialsSecret, e.getMessage(), create));
    }
  }

  /**
   * The environment of the fetch init container: each variable and the key of
   * spec.credentialsSecret it is read from (the Secret itself never enters the pod spec). s3://
   * takes the two AWS keys; gs:// its GOOGLE_CREDENTIALS; ghr:// the token key the Secret has, as
   * GITHUB_TOKEN, or the App's three keys.
   */
  static Map<String, String> fetcherEnv(
      Secrets secrets, String namespace, String credentialsSecret, RegistryUrl registry) {
    if (credentialsSecret == null || credentialsSecret.isBlank()) {
      return Map.of();
    }
    Map<String, String> env = new LinkedHashMap<>();
    if (registry instanceof S3Url) {
      env.put(S3Clients.ACCESS_KEY_ID, S3Clients.ACCESS_KEY_ID);
      env.put(S3Clients.SECRET_ACCESS_KEY, S3Clients.SECRET_ACCESS_KEY);
    } else if (registry instanceof GcsUrl) {
      env.put(GcsClients.GOOGLE_CREDENTIALS, GcsClients.GOOGLE_CREDENTIALS);
    } else if (registry instanceof GitHubReleasesUrl) {
      Secret secret = secrets.get(credentialsSecret).orElse(null);
      GitHubCredentials found = gitHub(secrets, namespace, credentialsSecret).orElseThrow();
      if (found instanceof GitHubCredentials.Token) {
        boolean primary =
            value(secret, GitHubCredentials.TOKEN) != null
                && !value(secret, GitHubCredentials.TOKEN).isBlank();
        env.put(
            GitHubCredentials.TOKEN,
            primary ? GitHubCredentials.TOKEN : GitHubCredentials.GH_TOKEN);
      } else {
        for (String key :
            List.of(
                GitHubCredentials.APP_ID,
                GitHubCredentials.APP_INSTALLATION_ID,
                GitHubCredentials.APP_PRIVATE_KEY)) {
          env.put(key, key);
        }
      }
    }
    return env;
  }

  /** ghr:// credentials from spec.credentialsSecret; without the field, anonymous. */
  private static Optional<GitHubCredentials> gitHub(
      Secrets secrets, String namespace, String credentialsSecret) {
    if (credentialsSecret == null || credentialsSecret.isBlank()) {
      return Optional.empty();
    }
    String create =
        "kubectl create secret generic %s --from-literal=%s=..."
            .formatted(credentialsSecret, GitHubCredentials.TOKEN);
    Secret secret = existing(secrets, namespace, credentialsSecret, create);
    Map<String, String> values = new LinkedHashMap<>();
    for (String key :
        List.of(
            GitHubCredentials.TOKEN,
            GitHubCredentials.GH_TOKEN,
            GitHubCredentials.APP_ID,
            GitHubCredentials.APP_INSTALLATION_ID,
            GitHubCredentials.APP_PRIVATE_KEY)) {
      String value = value(secret, key);
      if (value != null) {
        values.put(key, value);
      }
    }
    try {
      return Optional.of(
          GitHubCredentials.from(values)
              .orElseThrow(
                  () ->
                      new BlockedException(
                          Reasons.SECRET_NOT_FOUND,
                          ("spec.credentialsSecret: Secret \"%s\" has no %s key (ghr:// reads %s or"
                                  + " %s, or a GitHub App's %s, %s and %s; recreate it with %s)")
                              .formatted(
                                  credentialsSecret,
                                  GitHubCredentials.TOKEN,
                                  GitHubCredentials.TOKEN,
                                  GitHubCredentials.GH_TOKEN,
                                  GitHubCredentials.APP_ID,
                                  GitHubCredentials.APP_INSTALLATION_ID,
                                  GitHubCredentials.APP_PRIVATE_KEY,
                                  create))));
    } catch (IllegalArgumentException e) {
      throw new BlockedException(
          Reasons.SECRET_NOT_FOUND,
          "spec.credentialsSecret: Secret \"%s\" %s".formatted(credentialsSecret, e.getMessage()));
    }
  }

  /**
   * The Secret spec.credentialsSecret names; blocked, saying how to {@code create} it, if absent.
   */
  private static Secret existing(
      Secrets secrets, String namespace, String credentialsSecret, String create) {
    return secrets
        .get(credentialsSecret)
        .orElseThrow(
            () ->
                new BlockedException(
                    Reasons.SECRET_NOT_FOUND,
                    "spec.credentialsSecret: Secret \"%s\" not found in namespace \"%s\" (create it with %s)"
                        .formatted(credentialsSecret, namespace, create)));
  }

  private static String value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    return secret.getStringData() == null ? null : secret.getStringData().get(key);
  }

  /** A broken pull Secret is passed over, as the kubelet does, so the others still count. */
  private static Optional<RegistryCredentials> pullSecretCredentials(String host, String json) {
    try {
      return DockerConfigJson.credentialsFor(host, json);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<LocalObjectReference> pullSecrets(String namespace, Workload workload) {
    List<LocalObjectReference> refs = workload.template().getSpec().getImagePullSecrets();
    return refs == null ? List.of() : refs;
  }

  private static String dockerConfig(Secret secret) {
    return value(secret, DOCKER_CONFIG_KEY);
  }
}
