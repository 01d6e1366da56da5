package dev.dewy.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fake GitHub API answers as GitHub's published OpenAPI description says: every answer it gives
 * for the operations ghr:// uses, success and failure, is checked against that document's schemas,
 * so the fake cannot drift from the real API unnoticed.
 */
class FakeGitHubContractTest {
  private static final String LIST = "GET /repos/{owner}/{repo}/releases";
  private static final String BY_TAG = "GET /repos/{owner}/{repo}/releases/tags/{tag}";
  private static final String ASSET = "GET /repos/{owner}/{repo}/releases/assets/{asset_id}";
  private static final String TOKENS = "POST /app/installations/{installation_id}/access_tokens";
  private static final String UPLOAD = "POST /repos/{owner}/{repo}/releases/{release_id}/assets";

  /**
   * Answers GitHub gives that its OpenAPI description leaves out: 304 to a conditional request, and
   * authentication and rate-limit failures, which its REST docs describe for every endpoint.
   */
  private static final Set<Integer> DOCUMENTED_ELSEWHERE = Set.of(304, 401, 403, 429);

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static GitHubOpenApi openApi;
  private static FakeGitHub github;

  @BeforeAll
  static void exerciseEveryOperation() throws Exception {
    openApi = GitHubOpenApi.load();
    TestClock clock = TestClock.at("2026-12-02T10:00:00Z");
    github = new FakeGitHub("shop", "myapp", clock).pageSize(1);
    FakeGitHub.Release release =
        github.publish(
            "v1.0.0",
            false,
            Instant.parse("2026-12-01T00:00:00Z"),
            Map.of("shop_linux_amd64.tar.gz", new byte[] {1, 2, 3}));
    github.publish("v1.1.0", true, Instant.parse("2026-12-01T00:00:00Z"), Map.of());
    github.publish("v1.2.0", false, Instant.parse("2026-12-01T00:00:00Z"), Map.of());
    String repo = "/repos/shop/myapp";
    HttpResponse<String> first = get(repo + "/releases?per_page=100", "", Map.of());
    get(repo + "/releases?per_page=1&page=2", "", Map.of());
    get(repo + "/releases?per_page=1&page=3", "", Map.of());
    get(
        repo + "/releases?per_page=100",
        "",
        Map.of("If-None-Match", first.headers().firstValue("ETag").orElseThrow()));
    get(repo + "/releases/tags/v1.0.0", "", Map.of());
    get(repo + "/releases/tags/v9.9.9", "", Map.of());
    long asset = release.assets().get(0).id();
    get(repo + "/releases/assets/" + asset, "application/octet-stream", Map.of());
    get(repo + "/releases/assets/" + asset, "application/vnd.github+json", Map.of());
    get(repo + "/releases/assets/999999", "application/octet-stream", Map.of());
    get("/repos/shop/nothing/releases?per_page=100", "", Map.of());
    github.answerNext(
        403, Map.of("Retry-After", "60"), "You have exceeded a secondary rate limit.");
    get(repo + "/releases?per_page=100", "", Map.of());
    github.answerNext(429, Map.of("Retry-After", "60"), "Too many requests.");
    get(repo + "/releases?per_page=100", "", Map.of());
    String jwt = github.appJwt(clock.instant());
    post("/app/installations/" + FakeGitHub.INSTALLATION_ID + "/access_tokens", jwt);
    post("/app/installations/99/access_tokens", jwt);
    post("/app/installations/" + FakeGitHub.INSTALLATION_ID + "/access_tokens", "not-a-jwt");
    String uploadUrl =
        JSON.readTree(get(repo + "/releases/tags/v1.0.0", "", Map.of()).body())
            .path("upload_url")
            .asText()
            .replaceFirst("\\{.*", "");
    upload(uploadUrl + "?name=shipped_to_web.shop_at_20261202T100000Z.txt");
    upload(uploadUrl + "?name=shipped_to_web.shop_at_20261202T100000Z.txt");
    github.refuseUploads();
    upload(uploadUrl + "?name=shipped_to_web.shop_at_20261202T100001Z.txt");
    github.requireToken("ghp_right");
    get(repo + "/releases?per_page=100", "", Map.of());
  }

  @AfterAll
  static void stop() {
    if (github != null) {
      github.close();
    }
  }

  @Test
  void everyOperationTheFakeServesIsInTheDescription() {
    assertThat(List.of(LIST, BY_TAG, ASSET, TOKENS, UPLOAD)).allMatch(openApi::hasOperation);
    assertThat(github.answers())
        .extracting(FakeGitHub.Answer::operation)
        .containsOnly(LIST, BY_TAG, ASSET, TOKENS, UPLOAD)
        .contains(LIST, BY_TAG, ASSET, TOKENS, UPLOAD);
  }

  @Test
  void everyStatusIsOneTheDescriptionDocumentsOrGitHubsRestDocsDo() {
    assertThat(github.answers())
        .allSatisfy(
            a ->
                assertThat(
                        openApi.response(a.operation(), a.status()).isPresent()
                            || DOCUMENTED_ELSEWHERE.contains(a.status()))
                    .as("%s answered %d", a.operation(), a.status())
                    .isTrue());
    assertThat(github.answers())
        .extracting(a -> a.operation() + " " + a.status())
        .contains(
            LIST + " 200",
            LIST + " 304",
            LIST + " 404",
            LIST + " 401",
            LIST + " 403",
            LIST + " 429",
            BY_TAG + " 200",
            BY_TAG + " 404",
            ASSET + " 302",
            ASSET + " 200",
            ASSET + " 404",
            TOKENS + " 201",
            TOKENS + " 404",
            TOKENS + " 401",
            UPLOAD + " 201",
            UPLOAD + " 422",
            UPLOAD + " 403");
  }

  @Test
  void everyJsonBodyMatchesItsSchema() throws IOException {
    for (FakeGitHub.Answer answer : github.answers()) {
      var documented = openApi.response(answer.operation(), answer.status());
      List<String> violations =
          documented.isPresent()
              ? openApi.violations(documented.get(), answer.body())
              : answer.status() == 304
                  ? answer.body().isEmpty() ? List.of() : List.of("a 304 with a body")
                  : openApi.violations("basic-error", answer.body());
      assertThat(violations)
          .as("%s %d: %s", answer.operation(), answer.status(), answer.body())
          .isEmpty();
    }
  }

  @Test
  void theCheckCatchesABodyThatDriftsFromTheDescription() throws IOException {
    JsonNode list = openApi.response(LIST, 200).orElseThrow();
    String page = github.answers().get(0).body();
    String withoutTag = page.replaceFirst("\"tag_name\":\"[^\"]*\",", "");
    String draftAsText = page.replaceFirst("\"draft\":false", "\"draft\":\"no\"");

    assertThat(openApi.violations(list, page)).isEmpty();
    assertThat(openApi.violations(list, withoutTag))
        .singleElement()
        .asString()
        .contains("tag_name");
    assertThat(openApi.violations(list, draftAsText)).singleElement().asString().contains("draft");
    assertThat(openApi.violations("installation-token", "{\"token\":\"t\"}"))
        .singleElement()
        .asString()
        .contains("expires_at");
  }

  @Test
  void theListPagesCarryTheLinkHeaderTheDescriptionDocuments() {
    JsonNode headers = openApi.response(LIST, 200).orElseThrow().path("headers");
    assertThat(headers.has("Link")).isTrue();
    List<FakeGitHub.Answer> pages =
        github.answers().stream()
            .filter(a -> a.operation().equals(LIST) && a.status() == 200)
            .toList();
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0).headers().get("Link"))
        .matches("<[^>]+[?&]page=2>; rel=\"next\", <[^>]+[?&]page=3>; rel=\"last\"");
    assertThat(pages.get(2).headers().get("Link")).doesNotContain("rel=\"next\"");
  }

  @Test
  void theHeadersTheClientReadsAreThereAsGitHubSendsThem() {
    assertThat(github.answers())
        .filteredOn(a -> a.status() == 200 && !a.operation().equals(TOKENS))
        .allSatisfy(
            a ->
                assertThat(a.headers())
                    .containsKeys(
                        "ETag",
                        "x-ratelimit-limit",
                        "x-ratelimit-remaining",
                        "x-ratelimit-reset",
                        "x-ratelimit-used",
                        "x-ratelimit-resource"));
    assertThat(github.answers())
        .filteredOn(a -> a.operation().equals(ASSET) && a.status() == 302)
        .singleElement()
        .satisfies(a -> assertThat(a.headers().get("Location")).startsWith("http://localhost:"));
    assertThat(github.answers())
        .filteredOn(a -> a.status() == 403 || a.status() == 429)
        .filteredOn(a -> !a.operation().equals(UPLOAD))
        .as("a rate limit's 403 says when to come back; a refused permission's does not")
        .allSatisfy(a -> assertThat(a.headers()).containsKey("Retry-After"));
    assertThat(github.answers())
        .filteredOn(a -> a.operation().equals(UPLOAD) && a.status() == 403)
        .singleElement()
        .satisfies(a -> assertThat(a.headers()).doesNotContainKey("Retry-After"));
  }

  private static HttpResponse<String> get(String path, String accept, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(github.apiUrl() + path))
            .header("Accept", accept.isEmpty() ? "application/vnd.github+json" : accept);
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A release asset upload as Dewy sends its report: text/plain, to the release's upload_url. */
  private static void upload(String uri) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Accept", "application/vnd.github+json")
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("shipped to web.shop at 20261202T100000Z"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private static void post(String path, String jwt) throws Exception {
    HTTP.send(
        HttpRequest.newBuilder(URI.create(github.apiUrl() + path))
            .header("Authorization", "Bearer " + jwt)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
