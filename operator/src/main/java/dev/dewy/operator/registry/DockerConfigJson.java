package dev.dewy.operator.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credentials for a registry host in a {@code .dockerconfigjson} (or legacy {@code
 * .dockercfg}) document, matching keys the way docker login writes them: with or without scheme and
 * path, and Docker Hub under any of its names.
 */
public final class DockerConfigJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DOCKER_HUB =
      List.of("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  private DockerConfigJson() {}

  /**
   * The credentials for {@code host} (HOST or HOST:PORT), empty when the document has none for it.
   * Throws IllegalArgumentException when the document itself is broken.
   */
  public static Optional<RegistryCredentials> credentialsFor(String host, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          ".dockerconfigjson is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          ".dockerconfigjson must be a JSON object, as {\"auths\": {\"HOST\": {\"auth\": ...}}}");
    }
    JsonNode auths = root.has("auths") ? root.get("auths") : root;
    String wanted = host.toLowerCase(Locale.ROOT);
    Optional<Map.Entry<String, JsonNode>> entry = find(auths, key -> key.equals(wanted));
    if (entry.isEmpty() && DOCKER_HUB.contains(wanted)) {
      entry = find(auths, DOCKER_HUB::contains);
    }
    return entry.map(e -> credentials(e.getKey(), e.getValue()));
  }

  private static Optional<Map.Entry<String, JsonNode>> find(
      JsonNode auths, java.util.function.Predicate<String> hostMatches) {
    for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (hostMatches.test(hostOf(entry.getKey()))) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  /** "https://index.docker.io/v1/" and "registry.example.com/shop" name their host alone. */
  static String hostOf(String key) {
    String rest = key.contains("://") ? key.substring(key.indexOf("://") + 3) : key;
    int slash = rest.indexOf('/');
    return (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
  }

  private static RegistryCredentials credentials(String key, JsonNode entry) {
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String pair;
      try {
        pair = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        pair = "";
      }
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            ".dockerconfigjson: auths[\"%s\"].auth is not base64 of USERNAME:PASSWORD"
                .formatted(key));
      }
      return new RegistryCredentials(pair.substring(0, colon), pair.substring(colon + 1));
    }
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (username.isEmpty() && password.isEmpty()) {
      throw new IllegalArgumentException(
          ".dockerconfigjson: auths[\"%s\"] has neither auth nor username and password"
              .formatted(key));
    }
    return new RegistryCredentials(username, password);
  }
}
