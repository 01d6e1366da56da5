package dev.dewy.operator.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.FakeGitHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch command on a ghr:// release of the fake GitHub API, as the init container runs it. */
class GitHubFetchTest {
  private static final String TOKEN = "ghp_fetch";
  private static final Map<String, String> ENV = Map.of("GITHUB_TOKEN", TOKEN);

  @TempDir static Path work;
  @TempDir Path volume;
  private static FakeGitHub github;

  @BeforeAll
  static void publish() throws Exception {
    github = new FakeGitHub("shop", "myapp", Clock.systemUTC()).requireToken(TOKEN);
    byte[] archive =
        Files.readAllBytes(
            TestArchives.write(work.resolve("myapp_linux_amd64.tar.gz"), TestArchives.RELEASE));
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
    Map<String, byte[]> verified = new LinkedHashMap<>();
    verified.put(
        "checksums.txt",
        (sha256 + "  myapp_linux_amd64.tar.gz\n").getBytes(StandardCharsets.UTF_8));
    verified.put("myapp_linux_amd64.tar.gz", archive);
    github.publish("v1.0.0", false, Instant.parse("2026-12-01T00:00:00Z"), verified);
    Map<String, byte[]> mismatched = new LinkedHashMap<>();
    mismatched.put("myapp_linux_amd64.tar.gz", archive);
    mismatched.put(
        "myapp_linux_amd64.tar.gz.sha256",
        ("0".repeat(64) + "\n").getBytes(StandardCharsets.UTF_8));
    github.publish("v1.1.0", false, Instant.parse("2026-12-01T00:00:00Z"), mismatched);
    github.publish(
        "v1.2.0",
        false,
        Instant.parse("2026-12-01T00:00:00Z"),
        Map.of("myapp_linux_amd64.tar.gz", archive));
    FakeGitHub.Release corrupted =
        github.publish(
            "v1.3.0",
            false,
            Instant.parse("2026-12-01T00:00:00Z"),
            Map.of("myapp_linux_amd64.tar.gz", archive));
    github.tamper(corrupted.assets().get(0).id(), new byte[] {0x1f, (byte) 0x8b, 0});
  }

  @AfterAll
  static void stop() {
    github.close();
  }

  @Test
  void aReleaseAssetIsVerifiedAgainstChecksumsTxtAndUnpacked() {
    github.clearLog();

    FetchRun run = fetch(ENV, "--source=" + github.registryUrl(""), "--version=v1.0.0");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("dewy-operator fetch: fetched myapp_linux_amd64.tar.gz of v1.0.0 (")
        .contains("SHA-256 matches checksums.txt");
    assertThat(volume.resolve("current/myapp")).hasContent("#!/bin/sh\necho hello");
    assertThat(github.requests())
        .extracting(r -> r.method() + " " + r.path() + " " + r.status())
        .containsExactly(
            "GET /api/v3/repos/shop/myapp/releases/tags/v1.0.0 200",
            "GET /api/v3/repos/shop/myapp/releases/assets/1000 302",
            "GET /storage/1000 200",
            "GET /api/v3/repos/shop/myapp/releases/assets/1001 302",
            "GET /storage/1001 200");
  }

  @Test
  void theTokenGoesToTheApiButNotToTheStorageHostItRedirectsTo() {
    github.clearLog();

    fetch(ENV, "--source=" + github.registryUrl(""), "--version=v1.0.0");

    assertThat(github.requests())
        .filteredOn(r -> r.path().startsWith("/api/"))
        .allSatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer " + TOKEN));
    assertThat(github.requests())
        .filteredOn(r -> r.path().startsWith("/storage/"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
    assertThat(github.requests())
        .filteredOn(r -> r.path().contains("/releases/assets/"))
        .allSatisfy(r -> assertThat(r.header("Accept")).contains("application/octet-stream"));
  }

  @Test
  void gitHubAppKeysInTheEnvironmentAreExchangedForAnInstallationToken() {
    github.clearLog();

    FetchRun run =
        fetch(
            Map.of(
                "GITHUB_APP_ID", FakeGitHub.APP_ID,
                "GITHUB_APP_INSTALLATION_ID", FakeGitHub.INSTALLATION_ID,
                "GITHUB_APP_PRIVATE_KEY", github.appKey()),
            "--source=" + github.registryUrl(""),
            "--version=v1.0.0");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(github.requests().get(0).path())
        .isEqualTo("/api/v3/app/installations/" + FakeGitHub.INSTALLATION_ID + "/access_tokens");
    assertThat(github.requests())
        .filteredOn(r -> r.path().startsWith("/api/v3/repos/"))
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r.header("Authorization").orElseThrow()).startsWith("Bearer ghs_"));
  }

  @Test
  void anIncompleteAppInTheEnvironmentNamesTheMissingKey() {
    FetchRun run =
        fetch(
            Map.of("GITHUB_APP_ID", FakeGitHub.APP_ID),
            "--source=" + github.registryUrl(""),
            "--version=v1.0.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "dewy-operator fetch: cannot read the release source: the environment (from"
                + " spec.credentialsSecret) has GitHub App keys but no GITHUB_APP_INSTALLATION_ID"
                + " (an App needs GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and"
                + " GITHUB_APP_PRIVATE_KEY)\n");
  }

  @Test
  void aMismatchingSha256AssetFailsTheFetch() {
    FetchRun run = fetch(ENV, "--source=" + github.registryUrl(""), "--version=v1.1.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("dewy-operator fetch: checksum mismatch: myapp_linux_amd64.tar.gz has SHA-256")
        .contains("but myapp_linux_amd64.tar.gz.sha256 publishes " + "0".repeat(64));
    assertThat(volume.resolve("current")).doesNotExist();
  }

  @Test
  void withoutAChecksumFileGitHubsDigestOfTheAssetIsChecked() {
    FetchRun run = fetch(ENV, "--source=" + github.registryUrl(""), "--version=v1.2.0");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("SHA-256 matches GitHub's digest of the asset");
  }

  @Test
  void anAssetThatDiffersFromGitHubsDigestIsRefused() {
    FetchRun run = fetch(ENV, "--source=" + github.registryUrl(""), "--version=v1.3.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("dewy-operator fetch: checksum mismatch: myapp_linux_amd64.tar.gz has SHA-256")
        .contains("but GitHub's digest of the asset publishes");
    assertThat(volume.resolve("current")).doesNotExist();
  }

  @Test
  void aReleaseThatIsNotThereSaysSo() {
    FetchRun run = fetch(ENV, "--source=" + github.registryUrl(""), "--version=v9.9.9");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            ("dewy-operator fetch: cannot read the release source: ghr://shop/myapp (at %s): 404"
                    + " Not Found — repository shop/myapp not found, or the token lacks access to"
                    + " it; check spec.registry and that the token in spec.credentialsSecret can"
                    + " read it\n")
                .formatted(github.apiUrl()));
  }

  @Test
  void aWrongTokenSaysWhichKeyToFix() {
    FetchRun run =
        fetch(
            Map.of("GITHUB_TOKEN", "ghp_wrong"),
            "--source=" + github.registryUrl(""),
            "--version=v1.0.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            ("dewy-operator fetch: cannot read the release source: ghr://shop/myapp (at %s): 401"
                    + " Unauthorized — the token from spec.credentialsSecret is invalid or"
                    + " expired; put a valid one in GITHUB_TOKEN (or the App's keys) of that"
                    + " Secret\n")
                .formatted(github.apiUrl()));
  }

  private FetchRun fetch(Map<String, String> env, String... args) {
    return FetchRun.run(volume, env, args);
  }
}
