package dev.dewy.operator.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of GitHub's REST API that ghr:// uses, served on 127.0.0.1 under {@code /api/v3} as a
 * GitHub Enterprise Server would: release list pages with Link and ETag, releases by tag, asset
 * downloads redirected to a storage host (here: the same server called localhost), and GitHub App
 * installation tokens for JWTs signed by {@link #appKey()}. Every request and answer is logged;
 * {@code FakeGitHubContractTest} checks the answers against GitHub's OpenAPI description.
 */
public final class FakeGitHub implements AutoCloseable {
  public static final String BASE_PATH = "/api/v3";
  public static final String APP_ID = "424242";
  public static final String INSTALLATION_ID = "77";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern REPO =
      Pattern.compile(
          BASE_PATH + "/repos/([^/]+)/([^/]+)/releases(/tags/([^/]+)|/assets/([0-9]+))?");

  /** Where release assets are uploaded, as on GitHub Enterprise Server. */
  public static final String UPLOADS_PATH = "/api/uploads";

  private static final Pattern UPLOAD =
      Pattern.compile(UPLOADS_PATH + "/repos/([^/]+)/([^/]+)/releases/([0-9]+)/assets");
  private static final Pattern TOKENS =
      Pattern.compile(BASE_PATH + "/app/installations/([0-9]+)/access_tokens");

  /** One request as it arrived (when, by the host's clock), and the status it was answered with. */
  public record Request(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      int status,
      Instant at) {
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }
  }

  /** One answer, for the contract check: the operation it belongs to, status, headers, body. */
  public record Answer(
      String method, String operation, int status, Map<String, String> headers, String body) {}

  /**
   * A release asset: its bytes are served by the download redirect; digest is GitHub's; content
   * type as uploaded.
   */
  public record Asset(long id, String name, byte[] bytes, String digest, String contentType) {}

  /** A release as the fake lists it. */
  public record Release(
      long id,
      String tag,
      boolean draft,
      boolean prerelease,
      Instant publishedAt,
      List<Asset> assets) {}

  private final HttpServer server;
  private final Clock clock;
  private final String owner;
  private final String repo;
  private final KeyPair appKey;
  private final List<Release> releases = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Answer> answers = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Forced> forced = new ConcurrentLinkedQueue<>();
  private final Map<String, Instant> installationTokens = new LinkedHashMap<>();
  private volatile int pageSize = 100;
  private volatile Optional<String> requiredToken = Optional.empty();
  private volatile boolean refuseUploads;
  private volatile long rateLimit = 5000;
  private volatile long rateRemaining = 5000;
  private volatile Duration installationTokenLifetime = Duration.ofHours(1);
  private long nextId = 1000;
  private int tokensIssued;

  private record Forced(int status, Map<String, String> headers, String message) {}

  public FakeGitHub(String owner, String repo, Clock clock) throws IOException {
    this.owner = owner;
    this.repo = repo;
    this.clock = clock;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      this.appKey = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The enterprise-url that points ghr:// here. */
  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
  }

  /** ghr://OWNER/REPO?enterprise-url=... (and {@code query}, when not empty). */
  public String registryUrl(String query) {
    return "ghr://%s/%s?enterprise-url=%s%s"
        .formatted(owner, repo, apiUrl(), query.isEmpty() ? "" : "&" + query);
  }

  /** The App's private key as GitHub hands it out: PKCS#1 PEM (BEGIN RSA PRIVATE KEY). */
  public String appKey() {
    try {
      byte[] pkcs1 =
          org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(appKey.getPrivate().getEncoded())
              .parsePrivateKey()
              .toASN1Primitive()
              .getEncoded();
      return "-----BEGIN RSA PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(pkcs1)
          + "\n-----END RSA PRIVATE KEY-----\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWT as the App would sign it at {@code now}, for requests made without the client. */
  public String appJwt(Instant now) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.RS256),
              new com.nimbusds.jwt.JWTClaimsSet.Builder()
                  .issuer(APP_ID)
                  .issueTime(java.util.Date.from(now.minusSeconds(60)))
                  .expirationTime(java.util.Date.from(now.plusSeconds(540)))
                  .build());
      jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(appKey.getPrivate()));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Publishes a release (newest first, as GitHub lists them). */
  public synchronized Release publish(
      String tag, boolean draft, Instant publishedAt, Map<String, byte[]> assets) {
    List<Asset> list = new ArrayList<>();
    assets.forEach(
        (name, bytes) ->
            list.add(
                new Asset(
                    nextId++, name, bytes, "sha256:" + sha256(bytes), "application/octet-stream")));
    Release release = new Release(nextId++, tag, draft, tag.contains("-"), publishedAt, list);
    releases.add(0, release);
    return release;
  }

  /** Serves other bytes for asset {@code id}, its listed digest unchanged: a corrupted store. */
  public synchronized void tamper(long id, byte[] bytes) {
    for (int i = 0; i < releases.size(); i++) {
      Release r = releases.get(i);
      List<Asset> assets =
          r.assets().stream()
              .map(
                  a ->
                      a.id() == id
                          ? new Asset(id, a.name(), bytes, a.digest(), a.contentType())
                          : a)
              .toList();
      releases.set(
          i, new Release(r.id(), r.tag(), r.draft(), r.prerelease(), r.publishedAt(), assets));
    }
  }

  /** The assets of the release tagged {@code tag} now, uploads included. */
  public List<Asset> assets(String tag) {
    return releases.stream()
        .filter(r -> r.tag().equals(tag))
        .flatMap(r -> r.assets().stream())
        .toList();
  }

  /** Uploads are refused with 403, as GitHub refuses a token that may only read the repository. */
  public FakeGitHub refuseUploads() {
    this.refuseUploads = true;
    return this;
  }

  /** Caps per_page, so that pagination shows with few releases. */
  public FakeGitHub pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /** Requests without {@code Authorization: Bearer TOKEN} (or an installation token) get 401. */
  public FakeGitHub requireToken(String token) {
    this.requiredToken = Optional.of(token);
    return this;
  }

  /** The x-ratelimit-limit and -remaining of the next answers. */
  public FakeGitHub rateLimit(long limit, long remaining) {
    this.rateLimit = limit;
    this.rateRemaining = remaining;
    return this;
  }

  public FakeGitHub installationTokenLifetime(Duration lifetime) {
    this.installationTokenLifetime = lifetime;
    return this;
  }

  /** The next API request is answered with {@code status}, these headers and a basic-error body. */
  public FakeGitHub answerNext(int status, Map<String, String> headers, String message) {
    forced.add(new Forced(status, headers, message));
    return this;
  }

  /** When the rate limit resets: the top of the next hour of the fake's clock. */
  public Instant rateLimitReset() {
    long now = clock.instant().getEpochSecond();
    return Instant.ofEpochSecond(now - now % 3600 + 3600);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Answer> answers() {
    return List.copyOf(answers);
  }

  public void clearLog() {
    requests.clear();
  }

  public synchronized int installationTokensIssued() {
    return tokensIssued;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
      Reply reply = answer(exchange, path, query, body);
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              path,
              query,
              Map.copyOf(exchange.getRequestHeaders()),
              reply.status(),
              Instant.now()));
      if (!reply.operation().isEmpty()) {
        answers.add(
            new Answer(
                exchange.getRequestMethod(),
                reply.operation(),
                reply.status(),
                reply.headers(),
                reply.body() == null ? "" : new String(reply.body(), StandardCharsets.UTF_8)));
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      if (reply.body() == null || reply.status() == 304) {
        exchange.sendResponseHeaders(reply.status(), -1);
      } else {
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        exchange.getResponseBody().write(reply.body());
      }
    }
  }

  private record Reply(int status, Map<String, String> headers, byte[] body, String operation) {}

  private Reply answer(HttpExchange exchange, String path, String query, byte[] body) {
    if (path.startsWith("/storage/")) {
      return storage(path);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-GitHub-Api-Version-Selected", "2022-11-28");
    headers.put("x-ratelimit-limit", String.valueOf(rateLimit));
    headers.put("x-ratelimit-remaining", String.valueOf(rateRemaining));
    headers.put("x-ratelimit-used", String.valueOf(rateLimit - rateRemaining));
    headers.put("x-ratelimit-reset", String.valueOf(rateLimitReset().getEpochSecond()));
    headers.put("x-ratelimit-resource", "core");
    Matcher tokens = TOKENS.matcher(path);
    if (tokens.matches() && exchange.getRequestMethod().equals("POST")) {
      return installationToken(exchange, tokens.group(1), headers);
    }
    Matcher upload = UPLOAD.matcher(path);
    if (upload.matches()) {
      return upload(exchange, upload, query, body, headers);
    }
    Matcher repoPath = REPO.matcher(path);
    String operation =
        !repoPath.matches()
            ? ""
            : repoPath.group(4) != null
                ? "GET /repos/{owner}/{repo}/releases/tags/{tag}"
                : repoPath.group(5) != null
                    ? "GET /repos/{owner}/{repo}/releases/assets/{asset_id}"
                    : "GET /repos/{owner}/{repo}/releases";
    Forced next = forced.poll();
    if (next != null) {
      headers.putAll(next.headers());
      return error(next.status(), next.message(), headers, operation);
    }
    if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return error(401, "Bad credentials", headers, operation);
    }
    if (!repoPath.matches()
        || !repoPath.group(1).equals(owner)
        || !repoPath.group(2).equals(repo)
        || !exchange.getRequestMethod().equals("GET")) {
      return error(404, "Not Found", headers, operation);
    }
    if (repoPath.group(4) != null) {
      String tag = java.net.URLDecoder.decode(repoPath.group(4), StandardCharsets.UTF_8);
      return releases.stream()
          .filter(r -> r.tag().equals(tag) && !r.draft())
          .findFirst()
          .map(r -> json(200, release(r), headers, exchange, operation))
          .orElseGet(() -> error(404, "Not Found", headers, operation));
    }
    if (repoPath.group(5) != null) {
      return asset(exchange, Long.parseLong(repoPath.group(5)), headers, operation);
    }
    return list(exchange, query, headers, operation);
  }

  private Reply list(
      HttpExchange exchange, String query, Map<String, String> headers, String operation) {
    Map<String, String> params = params(query);
    int perPage = Math.min(Integer.parseInt(params.getOrDefault("per_page", "30")), pageSize);
    int page = Integer.parseInt(params.getOrDefault("page", "1"));
    List<Release> all = List.copyOf(releases);
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    ArrayNode body = JSON.createArrayNode();
    all.stream()
        .skip((long) (page - 1) * perPage)
        .limit(perPage)
        .forEach(r -> body.add(release(r)));
    List<String> links = new ArrayList<>();
    String root = apiUrl() + "/repos/" + owner + "/" + repo + "/releases?per_page=" + perPage;
    if (page < last) {
      links.add("<" + root + "&page=" + (page + 1) + ">; rel=\"next\"");
      links.add("<" + root + "&page=" + last + ">; rel=\"last\"");
    }
    if (page > 1) {
      links.add("<" + root + "&page=1>; rel=\"first\"");
      links.add("<" + root + "&page=" + (page - 1) + ">; rel=\"prev\"");
    }
    if (!links.isEmpty()) {
      headers.put("Link", String.join(", ", links));
    }
    return json(200, body, headers, exchange, operation);
  }

  /**
   * {@code POST /repos/{owner}/{repo}/releases/{release_id}/assets?name=NAME}: the asset joins the
   * release (201), unless one of that name is there already (422, as GitHub answers).
   */
  private synchronized Reply upload(
      HttpExchange exchange,
      Matcher upload,
      String query,
      byte[] body,
      Map<String, String> headers) {
    String operation = "POST /repos/{owner}/{repo}/releases/{release_id}/assets";
    if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return error(401, "Bad credentials", headers, operation);
    }
    if (refuseUploads) {
      return error(403, "Resource not accessible by personal access token", headers, operation);
    }
    long id = Long.parseLong(upload.group(3));
    String name =
        java.net.URLDecoder.decode(params(query).getOrDefault("name", ""), StandardCharsets.UTF_8);
    for (int i = 0; i < releases.size(); i++) {
      Release r = releases.get(i);
      if (r.id() != id
          || !upload.group(1).equals(owner)
          || !upload.group(2).equals(repo)
          || !exchange.getRequestMethod().equals("POST")) {
        continue;
      }
      if (name.isEmpty() || r.assets().stream().anyMatch(a -> a.name().equals(name))) {
        return new Reply(422, headers, null, operation);
      }
      String type =
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
              .orElse("application/octet-stream");
      Asset asset = new Asset(nextId++, name, body, "sha256:" + sha256(body), type);
      List<Asset> assets = new ArrayList<>(r.assets());
      assets.add(asset);
      releases.set(
          i, new Release(r.id(), r.tag(), r.draft(), r.prerelease(), r.publishedAt(), assets));
      return json(201, assetJson(asset), headers, exchange, operation);
    }
    return error(404, "Not Found", headers, operation);
  }

  private Reply asset(
      HttpExchange exchange, long id, Map<String, String> headers, String operation) {
    Optional<Asset> asset =
        releases.stream().flatMap(r -> r.assets().stream()).filter(a -> a.id() == id).findFirst();
    if (asset.isEmpty()) {
      return error(404, "Not Found", headers, operation);
    }
    String accept = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept")).orElse("");
    if (!accept.contains("application/octet-stream")) {
      return json(200, assetJson(asset.get()), headers, exchange, operation);
    }
    headers.put(
        "Location",
        "http://localhost:%d/storage/%d?X-Amz-Signature=fake"
            .formatted(server.getAddress().getPort(), id));
    return new Reply(302, headers, new byte[0], operation);
  }

  private Reply storage(String path) {
    long id = Long.parseLong(path.substring("/storage/".length()));
    return releases.stream()
        .flatMap(r -> r.assets().stream())
        .filter(a -> a.id() == id)
        .findFirst()
        .map(a -> new Reply(200, Map.of("Content-Type", "application/octet-stream"), a.bytes(), ""))
        .orElseGet(() -> new Reply(404, Map.of(), new byte[0], ""));
  }

  private synchronized Reply installationToken(
      HttpExchange exchange, String installation, Map<String, String> headers) {
    String operation = "POST /app/installations/{installation_id}/access_tokens";
    String authorization =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.replaceFirst("^Bearer ", ""));
      boolean valid =
          jwt.verify(new RSASSAVerifier((RSAPublicKey) appKey.getPublic()))
              && APP_ID.equals(jwt.getJWTClaimsSet().getIssuer())
              && jwt.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(clock.instant())
              && !jwt.getJWTClaimsSet()
                  .getIssueTime()
                  .toInstant()
                  .isAfter(clock.instant().plusSeconds(1))
              && Duration.between(
                          jwt.getJWTClaimsSet().getIssueTime().toInstant(),
                          jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                      .compareTo(Duration.ofMinutes(10))
                  <= 0;
      if (!valid) {
        return error(401, "A JSON web token could not be decoded", headers, operation);
      }
    } catch (Exception e) {
      return error(401, "A JSON web token could not be decoded", headers, operation);
    }
    if (!INSTALLATION_ID.equals(installation)) {
      return error(404, "Not Found", headers, operation);
    }
    tokensIssued++;
    String token = "ghs_fake" + tokensIssued;
    Instant expires = clock.instant().plus(installationTokenLifetime);
    installationTokens.put(token, expires);
    ObjectNode body = JSON.createObjectNode();
    body.put("token", token);
    body.put("expires_at", expires.toString());
    body.putObject("permissions").put("contents", "read");
    body.put("repository_selection", "selected");
    return json(201, body, headers, exchange, operation);
  }

  private synchronized boolean authorized(String authorization) {
    if (requiredToken.isEmpty()) {
      return true;
    }
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    String token = authorization.substring("Bearer ".length());
    Instant expires = installationTokens.get(token);
    return token.equals(requiredToken.get()) || expires != null && expires.isAfter(clock.instant());
  }

  private Reply json(
      int status,
      com.fasterxml.jackson.databind.JsonNode body,
      Map<String, String> headers,
      HttpExchange exchange,
      String operation) {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    String etag = "\"" + sha256(bytes) + "\"";
    headers.put("Content-Type", "application/json; charset=utf-8");
    headers.put("ETag", etag);
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (etag.equals(ifNoneMatch) && status == 200) {
      return new Reply(304, headers, null, operation);
    }
    return new Reply(status, headers, bytes, operation);
  }

  private Reply error(int status, String message, Map<String, String> headers, String operation) {
    ObjectNode body = JSON.createObjectNode();
    body.put("message", message);
    body.put("documentation_url", "https://docs.github.com/rest");
    body.put("status", String.valueOf(status));
    headers.put("Content-Type", "application/json; charset=utf-8");
    return new Reply(status, headers, body.toString().getBytes(StandardCharsets.UTF_8), operation);
  }

  private ObjectNode release(Release r) {
    String api = apiUrl() + "/repos/" + owner + "/" + repo;
    String html = "https://github.example.com/" + owner + "/" + repo;
    ObjectNode node = JSON.createObjectNode();
    node.put("url", api + "/releases/" + r.id());
    node.put("html_url", html + "/releases/tag/" + r.tag());
    node.put("assets_url", api + "/releases/" + r.id() + "/assets");
    node.put(
        "upload_url",
        "http://127.0.0.1:"
            + server.getAddress().getPort()
            + UPLOADS_PATH
            + "/repos/"
            + owner
            + "/"
            + repo
            + "/releases/"
            + r.id()
            + "/assets{?name,label}");
    node.put("tarball_url", api + "/tarball/" + r.tag());
    node.put("zipball_url", api + "/zipball/" + r.tag());
    node.put("id", r.id());
    node.put("node_id", "RE_" + r.id());
    node.put("tag_name", r.tag());
    node.put("target_commitish", "main");
    node.put("name", r.tag());
    node.putNull("body");
    node.put("draft", r.draft());
    node.put("prerelease", r.prerelease());
    node.put("created_at", r.publishedAt().minusSeconds(60).toString());
    if (r.draft()) {
      node.putNull("published_at");
    } else {
      node.put("published_at", r.publishedAt().toString());
    }
    node.set("author", user());
    ArrayNode assets = node.putArray("assets");
    r.assets().forEach(a -> assets.add(assetJson(a)));
    return node;
  }

  private ObjectNode assetJson(Asset a) {
    String api = apiUrl() + "/repos/" + owner + "/" + repo;
    ObjectNode node = JSON.createObjectNode();
    node.put("url", api + "/releases/assets/" + a.id());
    node.put(
        "browser_download_url",
        "https://github.example.com/" + owner + "/" + repo + "/releases/download/" + a.name());
    node.put("id", a.id());
    node.put("node_id", "RA_" + a.id());
    node.put("name", a.name());
    node.putNull("label");
    node.put("state", "uploaded");
    node.put("content_type", a.contentType());
    node.put("size", a.bytes().length);
    node.put("digest", a.digest());
    node.put("download_count", 0);
    node.put("created_at", "2026-01-01T00:00:00Z");
    node.put("updated_at", "2026-01-01T00:00:00Z");
    node.set("uploader", user());
    return node;
  }

  private ObjectNode user() {
    ObjectNode user = JSON.createObjectNode();
    String api = apiUrl() + "/users/" + owner;
    user.put("login", owner);
    user.put("id", 1);
    user.put("node_id", "U_1");
    user.put("avatar_url", "https://avatars.github.example.com/u/1");
    user.put("gravatar_id", "");
    user.put("url", api);
    user.put("html_url", "https://github.example.com/" + owner);
    user.put("followers_url", api + "/followers");
    user.put("following_url", api + "/following{/other_user}");
    user.put("gists_url", api + "/gists{/gist_id}");
    user.put("starred_url", api + "/starred{/owner}{/repo}");
    user.put("subscriptions_url", api + "/subscriptions");
    user.put("organizations_url", api + "/orgs");
    user.put("repos_url", api + "/repos");
    user.put("events_url", api + "/events{/privacy}");
    user.put("received_events_url", api + "/received_events");
    user.put("type", "User");
    user.put("site_admin", false);
    return user;
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return params;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
