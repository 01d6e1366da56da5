package dev.dewy.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.registry.RegistryException.Kind;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens from a registry's token service (the realm of a Bearer challenge), fetched with the
 * basic credentials when there are any, and reused until shortly before they expire.
 */
final class BearerTokens {
  /** The distribution spec's default lifetime when a token service does not say. */
  private static final long DEFAULT_EXPIRES_IN_SECONDS = 60;

  private static final long SAFETY_MARGIN_SECONDS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Key(String realm, String service, String scope) {}

  private record Token(String value, Instant expiresAt) {}

  private final RegistryHttp http;
  private final Clock clock;
  private final Map<Key, Token> cache = new ConcurrentHashMap<>();

  BearerTokens(RegistryHttp http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /** A token for the challenge; {@code defaultScope} serves when the challenge names none. */
  String token(
      AuthChallenge challenge,
      String defaultScope,
      Optional<RegistryCredentials> credentials,
      ImageRegistryUrl url)
      throws RegistryException {
    String realm =
        challenge
            .param("realm")
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.PROTOCOL,
                        url.imageName() + ": the registry's Bearer challenge names no realm"));
    Key key =
        new Key(
            realm,
            challenge.param("service").orElse(""),
            challenge.param("scope").orElse(defaultScope));
    Token cached = cache.get(key);
    if (cached != null && clock.instant().isBefore(cached.expiresAt())) {
      return cached.value();
    }
    Token fresh = fetch(key, credentials, url);
    cache.put(key, fresh);
    return fresh.value();
  }

  /** Forgets the tokens issued by {@code realm}: the registry refused one. */
  void forget(AuthChallenge challenge) {
    challenge
        .param("realm")
        .ifPresent(realm -> cache.keySet().removeIf(k -> k.realm().equals(realm)));
  }

  private Token fetch(Key key, Optional<RegistryCredentials> credentials, ImageRegistryUrl url)
      throws RegistryException {
    StringBuilder query = new StringBuilder();
    if (!key.service().isEmpty()) {
      query.append("service=").append(encode(key.service()));
    }
    for (String scope : key.scope().split(" ")) {
      if (!scope.isEmpty()) {
        query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(scope));
      }
    }
    URI uri = URI.create(key.realm() + (key.realm().contains("?") ? "&" : "?") + query);
    Instant requestedAt = clock.instant();
    HttpResponse<String> response =
        http.get(
            url.scheme(),
            uri,
            credentials.map(RegistryCredentials::basicAuthorization),
            url.imageName());
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw RegistryFailures.unauthorized(url.imageName(), url.host(), credentials.isPresent());
    }
    if (response.statusCode() != 200) {
      throw new RegistryException(
          Kind.PROTOCOL,
          "%s: token service %s answered %d (%s)"
              .formatted(
                  url.imageName(),
                  key.realm(),
                  response.statusCode(),
                  RegistryFailures.excerpt(response.body())));
    }
    return parse(response.body(), requestedAt, url, key.realm());
  }

  private static Token parse(String body, Instant requestedAt, ImageRegistryUrl url, String realm)
      throws RegistryException {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (Exception e) {
      json = null;
    }
    String token = json == null ? "" : json.path("token").asText("");
    if (token.isEmpty() && json != null) {
      token = json.path("access_token").asText("");
    }
    if (token.isEmpty()) {
      throw new RegistryException(
          Kind.PROTOCOL,
          "%s: token service %s answered without a token (%s)"
              .formatted(url.imageName(), realm, RegistryFailures.excerpt(body)));
    }
    long expiresIn = json.path("expires_in").asLong(DEFAULT_EXPIRES_IN_SECONDS);
    if (expiresIn <= 0) {
      expiresIn = DEFAULT_EXPIRES_IN_SECONDS;
    }
    Instant expiresAt = requestedAt.plusSeconds(Math.max(0, expiresIn - SAFETY_MARGIN_SECONDS));
    return new Token(token, expiresAt);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
