package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.metrics.OperatorMetrics;
import dev.dewy.operator.registry.ArtifactChoice.Platform;
import dev.dewy.operator.registry.RegistryException.Kind;
import dev.dewy.operator.testing.FakeGitHub;
import dev.dewy.operator.testing.PrometheusText;
import dev.dewy.operator.testing.TestClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ghr:// against a fake GitHub API on loopback, checked against GitHub's OpenAPI description. */
class GitHubReleasesRegistryTest {
  private static final Platform LINUX_AMD64 = new Platform("linux", "amd64");
  private static final Map<String, byte[]> TARBALL =
      Map.of("shop_linux_amd64.tar.gz", "tarball".getBytes(StandardCharsets.UTF_8));
  private static final String TOKEN = "ghp_test";

  private final TestClock clock = TestClock.at("2026-12-02T10:00:00Z");
  private final OperatorMetrics metrics = new OperatorMetrics();
  private FakeGitHub github;

  @BeforeEach
  void start() throws Exception {
    github = new FakeGitHub("shop", "myapp", clock);
  }

  @AfterEach
  void stop() {
    github.close();
    metrics.close();
  }

  @Test
  void everyPageOfReleasesIsReadThroughLinkHeaders() throws Exception {
    for (int i = 0; i < 5; i++) {
      publish("v1." + i + ".0");
    }
    github.pageSize(2);

    assertThat(registry("", token()).tags())
        .containsExactly("v1.4.0", "v1.3.0", "v1.2.0", "v1.1.0", "v1.0.0");
    assertThat(github.requests())
        .extracting(r -> r.path() + "?" + r.query() + " " + r.status())
        .containsExactly(
            "/api/v3/repos/shop/myapp/releases?per_page=100 200",
            "/api/v3/repos/shop/myapp/releases?per_page=2&page=2 200",
            "/api/v3/repos/shop/myapp/releases?per_page=2&page=3 200");
  }

  @Test
  void draftsAreSkippedAndPreReleasesAreLeftToThePolicy() throws Exception {
    publish("v1.0.0");
    publish("v1.1.0-rc.1");
    github.publish("v2.0.0", true, clock.instant(), TARBALL);

    assertThat(registry("", token()).tags()).containsExactly("v1.1.0-rc.1", "v1.0.0");
  }

  @Test
  void everyRequestCarriesGitHubsMediaTypeApiVersionTokenAndUserAgent() throws Exception {
    publish("v1.0.0");

    registry("", token()).tags();

    FakeGitHub.Request request = github.requests().get(0);
    assertThat(request.header("Accept")).contains("application/vnd.github+json");
    assertThat(request.header("X-GitHub-Api-Version")).contains("2022-11-28");
    assertThat(request.header("Authorization")).contains("Bearer " + TOKEN);
    assertThat(request.header("User-Agent")).contains("dewy-operator");
  }

  @Test
  void anUnchangedReleaseListCostsOnly304s() throws Exception {
    for (int i = 0; i < 3; i++) {
      publish("v1." + i + ".0");
    }
    github.pageSize(1);
    GitHubReleasesRegistry registry = registry("", token());
    List<String> first = registry.tags();
    github.clearLog();

    List<String> second = registry.tags();

    assertThat(second).isEqualTo(first).containsExactly("v1.2.0", "v1.1.0", "v1.0.0");
    assertThat(github.requests())
        .hasSize(3)
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(304);
              assertThat(r.header("If-None-Match")).isPresent();
            });
    assertThat(requests("304")).isEqualTo(3);
    assertThat(requests("200")).isEqualTo(3);
  }

  @Test
  void aChangedPageIsReadAgain() throws Exception {
    publish("v1.0.0");
    GitHubReleasesRegistry registry = registry("", token());
    registry.tags();
    publish("v1.1.0");
    github.clearLog();

    assertThat(registry.tags()).containsExactly("v1.1.0", "v1.0.0");
    assertThat(github.requests()).extracting(FakeGitHub.Request::status).containsExactly(200);
  }

  @Test
  void lowRemainingRequestsPausePollingUntilTheLimitResets() throws Exception {
    publish("v1.0.0");
    github.rateLimit(5000, 499);
    GitHubReleasesRegistry registry = registry("", token());
    assertThat(registry.tags()).containsExactly("v1.0.0");
    github.clearLog();

    assertThatThrownBy(registry::tags)
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "ghr://shop/myapp (at %s): 499 of 5000 GitHub API requests left until the limit resets"
                    .formatted(github.apiUrl())
                + " at %s; polling pauses until then to stay under the limit (a longer"
                    .formatted(github.rateLimitReset())
                + " spec.interval, or a token in spec.credentialsSecret, raises the headroom)")
        .satisfies(
            e -> {
              assertThat(((RegistryException) e).kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(((RegistryException) e).retryAfter()).contains(github.rateLimitReset());
            });
    assertThat(github.requests()).isEmpty();
    assertThat(rateLimitWaits()).isEqualTo(1);

    github.rateLimit(5000, 5000);
    clock.advance(Duration.between(clock.instant(), github.rateLimitReset()));
    assertThat(registry.tags()).containsExactly("v1.0.0");
    assertThat(github.requests()).hasSize(1);
  }

  @Test
  void aRetryAfterIsWaitedAsTold() throws Exception {
    github.answerNext(
        403, Map.of("Retry-After", "120"), "You have exceeded a secondary rate limit.");

    assertThatThrownBy(() -> registry("", token()).tags())
        .hasMessage(
            "ghr://shop/myapp (at %s): 403 rate limited by GitHub (You have exceeded a secondary"
                    .formatted(github.apiUrl())
                + " rate limit.) — polling resumes at 2026-12-02T10:02:00Z")
        .satisfies(
            e -> {
              assertThat(((RegistryException) e).kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(((RegistryException) e).retryAfter())
                  .contains(Instant.parse("2026-12-02T10:02:00Z"));
            });
  }

  @Test
  void anExhaustedLimitWaitsForItsReset() throws Exception {
    github.rateLimit(60, 0).answerNext(403, Map.of(), "API rate limit exceeded for 127.0.0.1.");

    assertThatThrownBy(() -> registry("", Optional.empty()).tags())
        .hasMessage(
            "ghr://shop/myapp (at %s): 403 rate limited by GitHub (API rate limit exceeded for"
                    .formatted(github.apiUrl())
                + " 127.0.0.1.) — polling resumes at %s; a token in spec.credentialsSecret raises"
                    .formatted(github.rateLimitReset())
                + " the limit")
        .extracting(e -> ((RegistryException) e).retryAfter())
        .isEqualTo(Optional.of(github.rateLimitReset()));
  }

  @Test
  void aWrongTokenSaysTheTokenIsInvalid() {
    github.requireToken(TOKEN);

    assertThatThrownBy(
            () -> registry("", Optional.of(new GitHubCredentials.Token("ghp_wrong"))).tags())
        .hasMessage(
            "ghr://shop/myapp (at %s): 401 Unauthorized — the token from spec.credentialsSecret"
                    .formatted(github.apiUrl())
                + " is invalid or expired; put a valid one in GITHUB_TOKEN (or the App's keys) of"
                + " that Secret")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(Kind.UNAUTHORIZED);
  }

  @Test
  void anUnknownRepositorySaysItIsNotFoundOrHidden() throws Exception {
    GitHubReleasesUrl url =
        (GitHubReleasesUrl)
            RegistryUrl.parse("ghr://shop/nothing?enterprise-url=" + github.apiUrl());
    GitHubReleasesRegistry registry =
        new GitHubReleasesRegistry(
            url, new GitHubApi(url, Optional.empty(), http(), clock), clock, LINUX_AMD64);

    assertThatThrownBy(registry::tags)
        .hasMessage(
            "ghr://shop/nothing (at %s): 404 Not Found — repository shop/nothing not found, or"
                    .formatted(github.apiUrl())
                + " the token lacks access to it; check spec.registry, and for a private"
                + " repository set spec.credentialsSecret to a Secret with GITHUB_TOKEN")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void aGitHubAppTokenIsExchangedOnceAndRenewedBeforeItExpires() throws Exception {
    publish("v1.0.0");
    github.requireToken("only-installation-tokens").installationTokenLifetime(Duration.ofHours(1));
    GitHubReleasesRegistry registry =
        registry(
            "",
            Optional.of(
                new GitHubCredentials.App(
                    FakeGitHub.APP_ID, FakeGitHub.INSTALLATION_ID, github.appKey())));

    assertThat(registry.tags()).containsExactly("v1.0.0");
    clock.advance(Duration.ofMinutes(54));
    assertThat(registry.tags()).containsExactly("v1.0.0");
    assertThat(github.installationTokensIssued()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    assertThat(registry.tags()).containsExactly("v1.0.0");

    assertThat(github.installationTokensIssued()).isEqualTo(2);
    assertThat(github.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsExactly(
            "POST /api/v3/app/installations/77/access_tokens 201",
            "GET /api/v3/repos/shop/myapp/releases 200",
            "GET /api/v3/repos/shop/myapp/releases 304",
            "POST /api/v3/app/installations/77/access_tokens 201",
            "GET /api/v3/repos/shop/myapp/releases 304");
    assertThat(github.requests().get(1).header("Authorization")).contains("Bearer ghs_fake1");
    assertThat(github.requests().get(4).header("Authorization")).contains("Bearer ghs_fake2");
  }

  @Test
  void aWrongInstallationNamesTheKey() {
    GitHubReleasesRegistry registry =
        registry(
            "", Optional.of(new GitHubCredentials.App(FakeGitHub.APP_ID, "99", github.appKey())));

    assertThatThrownBy(registry::tags)
        .hasMessage(
            "ghr://shop/myapp (at %s): 404 from POST /api/v3/app/installations/99/access_tokens —"
                    .formatted(github.apiUrl())
                + " App 424242 has no installation 99; check GITHUB_APP_INSTALLATION_ID in"
                + " spec.credentialsSecret");
  }

  @Test
  void theApiIsGitHubsUnlessAnEnterpriseUrlIsGiven() {
    GitHubReleasesUrl dotcom = (GitHubReleasesUrl) RegistryUrl.parse("ghr://linyows/dewy");
    GitHubReleasesUrl enterprise =
        (GitHubReleasesUrl)
            RegistryUrl.parse("ghr://linyows/dewy?enterprise-url=https://ghe.example.com/api/v3/");

    assertThat(new GitHubApi(dotcom, Optional.empty(), http(), clock).repoUri("/releases"))
        .isEqualTo(URI.create("https://api.github.com/repos/linyows/dewy/releases"));
    assertThat(new GitHubApi(enterprise, Optional.empty(), http(), clock).repoUri("/releases"))
        .isEqualTo(URI.create("https://ghe.example.com/api/v3/repos/linyows/dewy/releases"));
  }

  @Test
  void plainHttpEnterpriseUrlsAreForLoopbackOnly() {
    assertThat(RegistryUrl.parse("ghr://o/r?enterprise-url=http://127.0.0.1:8080/api/v3"))
        .isInstanceOf(GitHubReleasesUrl.class);
    assertThatThrownBy(
            () -> RegistryUrl.parse("ghr://o/r?enterprise-url=http://ghe.example.com/api/v3"))
        .hasMessageContaining(
            "enterprise-url must be https (got \"http://ghe.example.com/api/v3\"): the token would"
                + " travel unencrypted; plain http is accepted for loopback hosts only");
  }

  @Test
  void aReleaseWithoutTheArtifactIsSkippedWhileItsUploadMayBeInProgress() throws Exception {
    publish("v1.0.0");
    github.publish("v1.1.0", false, clock.instant(), Map.of("checksums.txt", new byte[0]));

    assertThat(registry("", token()).tags()).containsExactly("v1.0.0");
  }

  @Test
  void anArtifactMissingPastTheGracePeriodIsAnError() throws Exception {
    github.publish("v1.0.0", false, clock.instant().minus(Duration.ofMinutes(31)), TARBALL);

    assertThatThrownBy(() -> registry("artifact=shop.deb", token()).tags())
        .hasMessage(
            "ghr://shop/myapp (at %s): no file named \"shop.deb\" (from artifact=) in any version"
                    .formatted(github.apiUrl())
                + " (v1.0.0 has [shop_linux_amd64.tar.gz]); upload the artifact, or correct"
                + " artifact= to one of those names");
  }

  @Test
  void theFactoryOpensGhrUrls() throws Exception {
    publish("v1.0.0");
    Registry registry =
        new RegistryFactory(http(), clock)
            .open(
                RegistryUrl.parse(github.registryUrl("")),
                Optional.of(new GitHubCredentials.Token(TOKEN).asRegistryCredentials()));

    assertThat(registry.tags()).containsExactly("v1.0.0");
  }

  @Test
  void aShippingReportIsATextAssetOnTheDeployedRelease() throws Exception {
    publish("v1.0.0");
    publish("v1.1.0");
    GitHubReleasesRegistry registry = registry("", token());
    github.clearLog();

    registry.report("v1.0.0", "web.shop");

    assertThat(github.assets("v1.0.0"))
        .filteredOn(a -> a.name().startsWith("shipped_to_"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo("shipped_to_web.shop_at_20261202T100000Z.txt");
              assertThat(new String(a.bytes(), StandardCharsets.UTF_8))
                  .isEqualTo("shipped to web.shop at 20261202T100000Z");
              assertThat(a.contentType()).isEqualTo("text/plain");
            });
    assertThat(github.assets("v1.1.0"))
        .extracting(FakeGitHub.Asset::name)
        .doesNotContain("shipped_to_web.shop_at_20261202T100000Z.txt");
    FakeGitHub.Request upload = github.requests().get(github.requests().size() - 1);
    assertThat(upload.method()).isEqualTo("POST");
    assertThat(upload.path()).startsWith(FakeGitHub.UPLOADS_PATH + "/repos/shop/myapp/releases/");
    assertThat(upload.header("Authorization")).contains("Bearer " + TOKEN);
    assertThat(registry.tags())
        .as("the report is no artifact: the versions stay as they were")
        .containsExactly("v1.1.0", "v1.0.0");
  }

  @Test
  void aRefusedReportNamesThePermissionItNeeds() {
    publish("v1.0.0");
    github.refuseUploads();

    assertThatThrownBy(() -> registry("", token()).report("v1.0.0", "web.shop"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("403 from POST " + FakeGitHub.UPLOADS_PATH)
        .hasMessageContaining("Resource not accessible by personal access token")
        .hasMessageContaining("write access to the repository's contents")
        .hasMessageContaining("spec.credentialsSecret");
  }

  private void publish(String tag) {
    github.publish(tag, false, clock.instant().minus(Duration.ofHours(1)), TARBALL);
  }

  private static Optional<GitHubCredentials> token() {
    return Optional.of(new GitHubCredentials.Token(TOKEN));
  }

  private RegistryHttp http() {
    return new RegistryHttp(Duration.ofSeconds(5), Duration.ofSeconds(30), metrics.registries());
  }

  private GitHubReleasesRegistry registry(String query, Optional<GitHubCredentials> credentials) {
    GitHubReleasesUrl url = (GitHubReleasesUrl) RegistryUrl.parse(github.registryUrl(query));
    return new GitHubReleasesRegistry(
        url, new GitHubApi(url, credentials, http(), clock), clock, LINUX_AMD64);
  }

  private double requests(String code) {
    return PrometheusText.parse(metrics.scrape())
        .family("dewy_registry_requests_total")
        .orElseThrow()
        .sample("dewy_registry_requests_total", Map.of("scheme", "ghr", "code", code))
        .map(s -> s.value())
        .orElse(0.0);
  }

  private double rateLimitWaits() {
    return PrometheusText.parse(metrics.scrape())
        .family("dewy_registry_rate_limit_waits_total")
        .orElseThrow()
        .sample("dewy_registry_rate_limit_waits_total", Map.of("scheme", "ghr"))
        .orElseThrow()
        .value();
  }
}
