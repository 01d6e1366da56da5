package dev.dewy.operator.registry;

import dev.dewy.operator.metrics.RegistryMeters;
import dev.dewy.operator.registry.RegistryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * GETs (and HEADs) with a connect and a request timeout on every call, turning network failures
 * into {@link RegistryException}s that say what to check. Redirects are not followed, so an
 * Authorization header never travels to a host it was not meant for. Each request is counted by
 * scheme and status code.
 */
public final class RegistryHttp {
  static final String USER_AGENT = "dewy-operator";

  private final HttpClient client;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final RegistryMeters meters;

  public RegistryHttp(Duration connectTimeout, Duration requestTimeout) {
    this(connectTimeout, requestTimeout, RegistryMeters.discarded());
  }

  public RegistryHttp(Duration connectTimeout, Duration requestTimeout, RegistryMeters meters) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.meters = meters;
  }

  /** 10 s to connect, 30 s for an answer: a poll must not hang a reconcile thread. */
  public static RegistryHttp withDefaultTimeouts(RegistryMeters meters) {
    return new RegistryHttp(Duration.ofSeconds(10), Duration.ofSeconds(30), meters);
  }

  /**
   * GETs {@code uri} for a registry of {@code scheme}; {@code subject} (an image name) leads the
   * message of any failure.
   */
  HttpResponse<String> get(String scheme, URI uri, Optional<String> authorization, String subject)
      throws RegistryException {
    return send(scheme, "GET", uri, authorization, "application/json", subject);
  }

  /**
   * Sends {@code method} (GET or HEAD) to {@code uri} asking for the media types in {@code accept};
   * otherwise as {@link #get}.
   */
  HttpResponse<String> send(
      String scheme,
      String method,
      URI uri,
      Optional<String> authorization,
      String accept,
      String subject)
      throws RegistryException {
    HttpRequest.Builder request =
        request(uri).header("Accept", accept).method(method, HttpRequest.BodyPublishers.noBody());
    authorization.ifPresent(value -> request.header("Authorization", value));
    return send(scheme, request.build(), HttpResponse.BodyHandlers.ofString(), subject);
  }

  RegistryMeters meters() {
    return meters;
  }

  /** A request to {@code uri} with this client's timeout and User-Agent, for more headers. */
  HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("User-Agent", USER_AGENT);
  }

  /**
   * Sends {@code request} for a registry of {@code scheme}, counted like {@link #send}; the body is
   * read by {@code body} (a download streams it).
   */
  <T> HttpResponse<T> send(
      String scheme, HttpRequest request, HttpResponse.BodyHandler<T> body, String subject)
      throws RegistryException {
    String code = RegistryMeters.NO_ANSWER;
    try {
      HttpResponse<T> response = exchange(request, body, subject);
      code = String.valueOf(response.statusCode());
      return response;
    } finally {
      meters.request(scheme, code);
    }
  }

  private <T> HttpResponse<T> exchange(
      HttpRequest request, HttpResponse.BodyHandler<T> body, String subject)
      throws RegistryException {
    URI uri = request.uri();
    try {
      return client.send(request, body);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(
          subject,
          "no connection to %s within %ds".formatted(origin(uri), connectTimeout.toSeconds()),
          e);
    } catch (HttpTimeoutException e) {
      throw new RegistryException(
          Kind.UNREACHABLE,
          ("%s: no answer from %s within %ds — the registry is slow or unreachable; the next"
                  + " poll tries again")
              .formatted(subject, origin(uri), requestTimeout.toSeconds()),
          e);
    } catch (SSLException e) {
      throw new RegistryException(
          Kind.PROTOCOL,
          ("%s: TLS handshake with %s failed (%s) — if the registry speaks plain HTTP, add"
                  + " insecure=true to spec.registry")
              .formatted(subject, origin(uri), e.getMessage()),
          e);
    } catch (ConnectException e) {
      String why = unresolved(e) ? "unknown host" : "connection refused";
      throw unreachable(subject, "cannot connect to %s (%s)".formatted(origin(uri), why), e);
    } catch (IOException e) {
      throw unreachable(
          subject, "request to %s failed (%s)".formatted(origin(uri), e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Kind.UNREACHABLE, subject + ": interrupted while polling", e);
    }
  }

  private static RegistryException unreachable(String subject, String what, Exception cause) {
    return new RegistryException(
        Kind.UNREACHABLE,
        subject
            + ": "
            + what
            + " — check the host and port in spec.registry and that the operator can reach it",
        cause);
  }

  private static boolean unresolved(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException
          || cause instanceof java.net.UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
