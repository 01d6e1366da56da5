package dev.dewy.operator.deploy;

import dev.dewy.operator.registry.DockerConfigJson;
import dev.dewy.operator.registry.ImageRegistryUrl;
import dev.dewy.operator.registry.RegistryCredentials;
import dev.dewy.operator.registry.RegistryUrl;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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
    if (secret.getData() != null && secret.getData().get(DOCKER_CONFIG_KEY) != null) {
      return new String(
          Base64.getDecoder().decode(secret.getData().get(DOCKER_CONFIG_KEY)),
          StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null) {
      return secret.getStringData().get(DOCKER_CONFIG_KEY);
    }
    return null;
  }
}
