package dev.dewy.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.registry.RegistryException.Kind;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

/** Turns a registry's non-200 answer into a {@link RegistryException} that names the fix. */
final class RegistryFailures {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Integer, String> REASONS =
      Map.of(
          401, "Unauthorized",
          403, "Forbidden",
          404, "Not Found",
          429, "Too Many Requests",
          500, "Internal Server Error",
          502, "Bad Gateway",
          503, "Service Unavailable",
          504, "Gateway Timeout");

  private RegistryFailures() {}

  /**
   * The failure for {@code response}. {@code image} is HOST/REPO, {@code host} the registry host
   * the credentials are for, {@code withCredentials} whether any were sent.
   */
  static RegistryException of(
      HttpResponse<String> response, ImageRegistryUrl url, boolean withCredentials, Instant now) {
    int status = response.statusCode();
    String image = url.imageName();
    String answer = status + " " + REASONS.getOrDefault(status, "");
    return switch (status) {
      case 401 -> unauthorized(image, url.host(), withCredentials);
      case 403 ->
          new RegistryException(
              Kind.UNAUTHORIZED,
              withCredentials
                  ? ("%s: 403 Forbidden — the credentials for %s from spec.credentialsSecret may"
                          + " not pull this repository; grant them pull access")
                      .formatted(image, url.host())
                  : needCredentials(image, "403 Forbidden", url.host()));
      case 404 ->
          new RegistryException(
              Kind.NOT_FOUND,
              "%s: 404 repository not found%s — check the repository in spec.registry%s"
                  .formatted(
                      image,
                      errorCode(response.body()).map(code -> " (" + code + ")").orElse(""),
                      withCredentials ? "" : " or, if it is private, set spec.credentialsSecret"));
      case 429 -> {
        Instant retryAt = RetryAfter.parse(response.headers().firstValue("Retry-After"), now);
        yield RegistryException.rateLimited(
            ("%s: 429 Too Many Requests — the registry asks to wait until %s; polling resumes"
                    + " then (a longer spec.interval, or credentials with a higher limit, avoid"
                    + " this)")
                .formatted(image, retryAt),
            retryAt);
      }
      case 500, 502, 503, 504 ->
          new RegistryException(
              Kind.UNREACHABLE,
              "%s: %s — the registry is failing; the next poll tries again"
                  .formatted(image, answer));
      default ->
          new RegistryException(
              Kind.PROTOCOL,
              "%s: unexpected answer %d to %s %s (%s)"
                  .formatted(
                      image,
                      status,
                      response.request().method(),
                      response.uri(),
                      excerpt(response.body())));
    };
  }

  static RegistryException unauthorized(String image, String host, boolean withCredentials) {
    return new RegistryException(
        Kind.UNAUTHORIZED,
        withCredentials
            ? ("%s: 401 Unauthorized with the credentials for %s from spec.credentialsSecret —"
                    + " check the username and password (or token) in that Secret")
                .formatted(image, host)
            : needCredentials(image, "401 Unauthorized", host));
  }

  private static String needCredentials(String image, String answer, String host) {
    return ("%s: %s — set spec.credentialsSecret to a kubernetes.io/dockerconfigjson Secret with"
            + " credentials for %s")
        .formatted(image, answer, host);
  }

  /** The first OCI error code in a body such as {"errors":[{"code":"NAME_UNKNOWN",...}]}. */
  static java.util.Optional<String> errorCode(String body) {
    try {
      JsonNode code = JSON.readTree(body).path("errors").path(0).path("code");
      return code.isTextual() ? java.util.Optional.of(code.asText()) : java.util.Optional.empty();
    } catch (Exception e) {
      return java.util.Optional.empty();
    }
  }

  static String excerpt(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
  }
}
