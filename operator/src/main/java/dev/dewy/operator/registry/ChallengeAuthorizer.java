package dev.dewy.operator.registry;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Answers a registry's 401 challenge (Bearer or Basic) and remembers it, so later polls send the
 * right Authorization at once instead of being challenged every time.
 */
final class ChallengeAuthorizer {
  private final ImageRegistryUrl url;
  private final Optional<RegistryCredentials> credentials;
  private final RegistryHttp http;
  private final BearerTokens tokens;
  private volatile AuthChallenge known;

  ChallengeAuthorizer(
      ImageRegistryUrl url,
      Optional<RegistryCredentials> credentials,
      RegistryHttp http,
      BearerTokens tokens) {
    this.url = url;
    this.credentials = credentials;
    this.http = http;
    this.tokens = tokens;
  }

  /** GETs {@code uri}, answering one challenge if the registry sends one. */
  HttpResponse<String> get(URI uri) throws RegistryException {
    return send("GET", uri, "application/json");
  }

  /** Sends {@code method} to {@code uri} accepting {@code accept}, answering one challenge. */
  HttpResponse<String> send(String method, URI uri, String accept) throws RegistryException {
    AuthChallenge before = known;
    HttpResponse<String> response =
        http.send(url.scheme(), method, uri, authorization(before), accept, url.imageName());
    if (response.statusCode() != 401) {
      return response;
    }
    Optional<AuthChallenge> challenge =
        response.headers().firstValue("WWW-Authenticate").flatMap(AuthChallenge::parse);
    if (challenge.isEmpty()) {
      return response;
    }
    tokens.forget(challenge.get());
    known = challenge.get();
    Optional<String> answer = authorization(known);
    if (answer.isEmpty()) {
      return response;
    }
    return http.send(url.scheme(), method, uri, answer, accept, url.imageName());
  }

  boolean sendsCredentials() {
    return credentials.isPresent();
  }

  private Optional<String> authorization(AuthChallenge challenge) throws RegistryException {
    if (challenge == null) {
      return Optional.empty();
    }
    if (challenge.isBearer()) {
      String scope = "repository:" + url.repository() + ":pull";
      return Optional.of("Bearer " + tokens.token(challenge, scope, credentials, url));
    }
    if (challenge.isBasic()) {
      return credentials.map(RegistryCredentials::basicAuthorization);
    }
    return Optional.empty();
  }
}
