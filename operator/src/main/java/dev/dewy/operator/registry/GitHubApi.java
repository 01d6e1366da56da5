package dev.dewy.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.metrics.RegistryMeters;
import dev.dewy.operator.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub's REST API for one repository, as ghr:// polls and fetches it: the API's media type and
 * version on every request, a Bearer token (or a GitHub App installation token, minted and cached
 * until shortly before it expires), conditional GETs that reuse a page on 304, and a slowdown
 * before the rate limit is reached. Failures name the fix.
 */
public final class GitHubApi {
  static final URI PUBLIC_API = URI.create("https://api.github.com");
  static final String SCHEME = "ghr";
  static final String MEDIA_TYPE = "application/vnd.github+json";
  static final String API_VERSION = "2022-11-28";

  /** Below this share of the hourly limit, polling pauses until the limit resets. */
  static final double SLOWDOWN_SHARE = 0.10;

  /** An installation token is renewed this long before GitHub's expires_at. */
  static final Duration TOKEN_RENEWAL = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final GitHubReleasesUrl url;
  private final URI base;
  private final Optional<GitHubCredentials> credentials;
  private final RegistryHttp http;
  private final Clock clock;
  private final RegistryMeters meters;
  private final Map<URI, CachedPage> pages = new ConcurrentHashMap<>();
  private volatile Instant pausedUntil = Instant.MIN;
  private volatile String pauseReason = "";
  private String installationToken;
  private Instant installationTokenRenewal = Instant.MIN;

  /** A JSON answer and the next page it links to. */
  record Page(JsonNode body, Optional<URI> next) {}

  private record CachedPage(String etag, String body, Optional<URI> next) {}

  public GitHubApi(
      GitHubReleasesUrl url,
      Optional<GitHubCredentials> credentials,
      RegistryHttp http,
      Clock clock) {
    this.url = url;
    this.base = url.enterpriseUrl().orElse(PUBLIC_API);
    this.credentials = credentials;
    this.http = http;
    this.clock = clock;
    this.meters = http.meters();
  }

  /** ghr://OWNER/REPO (with its enterprise URL): how messages name the repository. */
  public String describe() {
    return "ghr://"
        + url.owner()
        + "/"
        + url.repo()
        + url.enterpriseUrl().map(u -> " (at " + u + ")").orElse("");
  }

  /** {@code /repos/OWNER/REPO} + {@code rest} under the API's base URL. */
  URI repoUri(String rest) {
    return resolve("/repos/" + url.owner() + "/" + url.repo() + rest);
  }

  private URI resolve(String path) {
    String root = base.toString();
    return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path);
  }

  /**
   * Refuses to ask while a slowdown is in force: a poll held back is counted as a rate-limit wait
   * and reported with the time polling resumes.
   */
  void checkPause() throws RegistryException {
    Instant until = pausedUntil;
    if (clock.instant().isBefore(until)) {
      meters.rateLimitWait(SCHEME);
      throw RegistryException.rateLimited(pauseReason, until);
    }
  }

  /**
   * GETs a JSON page, conditionally when it was fetched before: a 304 hands back the kept page,
   * which costs nothing of the rate limit.
   */
  Page getJson(URI uri) throws RegistryException {
    CachedPage cached = pages.get(uri);
    HttpRequest.Builder request = request(uri, MEDIA_TYPE);
    if (cached != null) {
      request.header("If-None-Match", cached.etag());
    }
    HttpResponse<String> response =
        http.send(SCHEME, request.GET().build(), HttpResponse.BodyHandlers.ofString(), describe());
    observeRateLimit(response.headers(), response.statusCode());
    if (response.statusCode() == 304 && cached != null) {
      return new Page(parse(cached.body(), uri), cached.next());
    }
    if (response.statusCode() != 200) {
      throw failure(response.statusCode(), response.headers(), response.body());
    }
    Optional<URI> next = LinkHeader.next(response.headers().allValues("Link"), uri);
    response
        .headers()
        .firstValue("ETag")
        .ifPresentOrElse(
            etag -> pages.put(uri, new CachedPage(etag, response.body(), next)),
            () -> pages.remove(uri));
    return new Page(parse(response.body(), uri), next);
  }

  /** A release by its tag: {@code GET /repos/OWNER/REPO/releases/tags/TAG}. */
  public JsonNode releaseByTag(String tag) throws RegistryException {
    return getJson(
            repoUri(
                "/releases/tags/"
                    + java.net.URLEncoder.encode(tag, java.nio.charset.StandardCharsets.UTF_8)))
        .body();
  }

  /**
   * Adds an asset {@code name} to {@code release}: a POST of {@code body} to the URL the release
   * names in {@code upload_url} (uploads.github.com, or the Enterprise server's uploads path), with
   * the same token as every request. Needs write access to the repository's contents.
   */
  public void uploadAsset(JsonNode release, String name, byte[] body, String contentType)
      throws RegistryException {
    String template = release.path("upload_url").asText("");
    int braces = template.indexOf('{');
    if (template.isEmpty()) {
      throw new RegistryException(
          Kind.PROTOCOL,
          describe() + ": release " + release.path("tag_name").asText() + " has no upload_url");
    }
    URI uri =
        URI.create(
            (braces < 0 ? template : template.substring(0, braces))
                + "?name="
                + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
    HttpRequest request =
        request(uri, MEDIA_TYPE)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response =
        http.send(SCHEME, request, HttpResponse.BodyHandlers.ofString(), describe());
    int status = response.statusCode();
    observeRateLimit(response.headers(), status);
    if (status == 201) {
      return;
    }
    if (status == 403 || status == 404) {
      throw new RegistryException(
          Kind.UNAUTHORIZED,
          ("%s: %d from POST %s (%s) — adding a release asset needs write access to the"
                  + " repository's contents: Contents: read and write for a fine-grained token or a"
                  + " GitHub App, the repo scope for a classic token in spec.credentialsSecret")
              .formatted(
                  describe(),
                  status,
                  uri.getPath(),
                  RegistryFailures.excerpt(message(response.body()))));
    }
    throw failure(status, response.headers(), response.body());
  }

  /** An asset's bytes and length, following GitHub's redirect to its storage. */
  public record Download(InputStream body, OptionalLong length) {}

  /**
   * Downloads asset {@code id}: {@code GET /repos/OWNER/REPO/releases/assets/ID} as
   * application/octet-stream, then the redirect GitHub answers with; the token goes only to the
   * API's own host.
   */
  public Download download(long id) throws RegistryException {
    URI uri = repoUri("/releases/assets/" + id);
    for (int hop = 0; hop < 5; hop++) {
      HttpRequest.Builder request =
          URI.create(RegistryHttp.origin(uri)).equals(URI.create(RegistryHttp.origin(base)))
              ? request(uri, "application/octet-stream")
              : http.request(uri).header("Accept", "application/octet-stream");
      HttpResponse<InputStream> response =
          http.send(
              SCHEME, request.GET().build(), HttpResponse.BodyHandlers.ofInputStream(), describe());
      int status = response.statusCode();
      if (status == 200) {
        return new Download(response.body(), response.headers().firstValueAsLong("Content-Length"));
      }
      String body = drain(response.body());
      if (status / 100 == 3 && response.headers().firstValue("Location").isPresent()) {
        uri = uri.resolve(response.headers().firstValue("Location").get());
        continue;
      }
      observeRateLimit(response.headers(), status);
      throw failure(status, response.headers(), body);
    }
    throw new RegistryException(
        Kind.PROTOCOL, describe() + ": asset " + id + " redirects more than 5 times");
  }

  private HttpRequest.Builder request(URI uri, String accept) throws RegistryException {
    HttpRequest.Builder request =
        http.request(uri).header("Accept", accept).header("X-GitHub-Api-Version", API_VERSION);
    Optional<String> token = token();
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return request;
  }

  private Optional<String> token() throws RegistryException {
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    if (credentials.get() instanceof GitHubCredentials.Token token) {
      return Optional.of(token.token());
    }
    return Optional.of(installationToken((GitHubCredentials.App) credentials.get()));
  }

  /** The App's installation token, exchanged for a fresh JWT when none is kept or it expires. */
  private synchronized String installationToken(GitHubCredentials.App app)
      throws RegistryException {
    Instant now = clock.instant();
    if (installationToken != null && now.isBefore(installationTokenRenewal)) {
      return installationToken;
    }
    String jwt;
    try {
      jwt = GitHubAppJwt.sign(app.appId(), app.privateKeyPem(), now);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(
          Kind.UNAUTHORIZED,
          "%s: %s in spec.credentialsSecret %s"
              .formatted(describe(), GitHubCredentials.APP_PRIVATE_KEY, e.getMessage()));
    }
    URI uri = resolve("/app/installations/" + app.installationId() + "/access_tokens");
    HttpRequest request =
        http.request(uri)
            .header("Accept", MEDIA_TYPE)
            .header("X-GitHub-Api-Version", API_VERSION)
            .header("Authorization", "Bearer " + jwt)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response =
        http.send(SCHEME, request, HttpResponse.BodyHandlers.ofString(), describe());
    int status = response.statusCode();
    if (status != 201) {
      String fix =
          switch (status) {
            case 401 ->
                "GitHub refused the App's JWT; check %s and %s"
                    .formatted(GitHubCredentials.APP_ID, GitHubCredentials.APP_PRIVATE_KEY);
            case 404 ->
                "App %s has no installation %s; check %s"
                    .formatted(
                        app.appId(), app.installationId(), GitHubCredentials.APP_INSTALLATION_ID);
            default -> "unexpected answer (" + RegistryFailures.excerpt(response.body()) + ")";
          };
      throw new RegistryException(
          status == 401 || status == 403 || status == 404 ? Kind.UNAUTHORIZED : Kind.PROTOCOL,
          "%s: %d from POST %s — %s in spec.credentialsSecret"
              .formatted(describe(), status, uri.getPath(), fix));
    }
    JsonNode body = parse(response.body(), uri);
    try {
      installationToken = body.path("token").asText();
      Instant expires = Instant.parse(body.path("expires_at").asText());
      installationTokenRenewal = expires.minus(TOKEN_RENEWAL);
    } catch (RuntimeException e) {
      throw new RegistryException(
          Kind.PROTOCOL, describe() + ": installation token answer without token and expires_at");
    }
    return installationToken;
  }

  /**
   * Reads x-ratelimit-*: with less than {@link #SLOWDOWN_SHARE} of the limit left, the next poll
   * waits for the reset, so that the operator never runs the limit out.
   */
  private void observeRateLimit(HttpHeaders headers, int status) {
    OptionalLong remaining = headers.firstValueAsLong("x-ratelimit-remaining");
    OptionalLong limit = headers.firstValueAsLong("x-ratelimit-limit");
    OptionalLong reset = headers.firstValueAsLong("x-ratelimit-reset");
    if (remaining.isEmpty()
        || limit.isEmpty()
        || reset.isEmpty()
        || status / 100 != 2 && status != 304) {
      return;
    }
    if (remaining.getAsLong() < limit.getAsLong() * SLOWDOWN_SHARE) {
      Instant until = Instant.ofEpochSecond(reset.getAsLong());
      pauseReason =
          ("%s: %d of %d GitHub API requests left until the limit resets at %s; polling pauses"
                  + " until then to stay under the limit (a longer spec.interval, or a token in"
                  + " spec.credentialsSecret, raises the headroom)")
              .formatted(describe(), remaining.getAsLong(), limit.getAsLong(), until);
      pausedUntil = until;
    }
  }

  private RegistryException failure(int status, HttpHeaders headers, String body) {
    Instant now = clock.instant();
    boolean token = credentials.isPresent();
    String repo = url.owner() + "/" + url.repo();
    Optional<String> retryAfter = headers.firstValue("Retry-After");
    boolean exhausted = headers.firstValueAsLong("x-ratelimit-remaining").orElse(-1) == 0;
    if ((status == 403 || status == 429)
        && (retryAfter.isPresent() || exhausted || status == 429)) {
      Instant at =
          retryAfter.isEmpty()
                  && exhausted
                  && headers.firstValueAsLong("x-ratelimit-reset").isPresent()
              ? Instant.ofEpochSecond(headers.firstValueAsLong("x-ratelimit-reset").getAsLong())
              : RetryAfter.parse(retryAfter, now);
      return RegistryException.rateLimited(
          ("%s: %d rate limited by GitHub (%s) — polling resumes at %s%s")
              .formatted(
                  describe(),
                  status,
                  RegistryFailures.excerpt(message(body)),
                  at,
                  token ? "" : "; a token in spec.credentialsSecret raises the limit"),
          at);
    }
    return switch (status) {
      case 401 -> {
        synchronized (this) {
          installationToken = null;
        }
        yield new RegistryException(
            Kind.UNAUTHORIZED,
            token
                ? ("%s: 401 Unauthorized — the token from spec.credentialsSecret is invalid or"
                        + " expired; put a valid one in %s (or the App's keys) of that Secret")
                    .formatted(describe(), GitHubCredentials.TOKEN)
                : "%s: 401 Unauthorized — set spec.credentialsSecret to a Secret with %s"
                    .formatted(describe(), GitHubCredentials.TOKEN));
      }
      case 403 ->
          new RegistryException(
              Kind.UNAUTHORIZED,
              ("%s: 403 Forbidden — the token from spec.credentialsSecret may not read the"
                      + " releases of %s; grant it read access to the repository's contents")
                  .formatted(describe(), repo));
      case 404 ->
          new RegistryException(
              Kind.NOT_FOUND,
              ("%s: 404 Not Found — repository %s not found, or the token lacks access to it;"
                      + " check spec.registry%s")
                  .formatted(
                      describe(),
                      repo,
                      token
                          ? " and that the token in spec.credentialsSecret can read it"
                          : ", and for a private repository set spec.credentialsSecret to a"
                              + " Secret with "
                              + GitHubCredentials.TOKEN));
      case 500, 502, 503, 504 ->
          new RegistryException(
              Kind.UNREACHABLE,
              "%s: %d from GitHub — GitHub is failing; the next poll tries again"
                  .formatted(describe(), status));
      default ->
          new RegistryException(
              Kind.PROTOCOL,
              "%s: unexpected answer %d (%s)"
                  .formatted(describe(), status, RegistryFailures.excerpt(body)));
    };
  }

  private static String message(String body) {
    try {
      JsonNode message = JSON.readTree(body).path("message");
      return message.isTextual() ? message.asText() : body;
    } catch (IOException | RuntimeException e) {
      return body == null ? "" : body;
    }
  }

  private JsonNode parse(String body, URI uri) throws RegistryException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new RegistryException(
          Kind.PROTOCOL,
          "%s: %s did not answer JSON (%s)"
              .formatted(describe(), uri.getPath(), RegistryFailures.excerpt(body)));
    }
  }

  private static String drain(InputStream body) {
    try (InputStream in = body) {
      return new String(in.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
