package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where a container's env comes from: decoded Secret data and ConfigMap data by name. */
public interface ConfigSource {

  Optional<Map<String, String>> secret(String namespace, String name);

  Optional<Map<String, String>> configMap(String namespace, String name);

  /** Reads Secrets and ConfigMaps from the API, base64-decoding Secret data. */
  static ConfigSource of(KubernetesClient client) {
    return new ConfigSource() {
      @Override
      public Optional<Map<String, String>> secret(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
          return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
          secret
              .getData()
              .forEach(
                  (k, v) ->
                      values.put(
                          k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
          values.putAll(secret.getStringData());
        }
        return Optional.of(values);
      }

      @Override
      public Optional<Map<String, String>> configMap(String namespace, String name) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
          return Optional.empty();
        }
        return Optional.of(map.getData() == null ? Map.of() : map.getData());
      }
    };
  }
}
