package dev.dewy.operator.registry;

import static dev.dewy.operator.registry.FakeRegistryServer.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.registry.RegistryException.Kind;
import dev.dewy.operator.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * img://'s tag-to-digest lookup: a HEAD that accepts indexes first and reads Docker-Content-Digest,
 * a GET whose body is hashed when a registry sends no such header, the failures, and one lookup per
 * tag and interval however many callers ask.
 */
class ManifestDigestTest {
  private static final String MANIFEST = "/v2/shop/app/manifests/v1.1.0";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final FakeRegistryServer server = new FakeRegistryServer();
  private final TestClock clock = TestClock.at("2026-03-15T10:30:00Z");
  private final List<String> accepted = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aHeadAcceptingIndexesFirstReadsTheDockerContentDigest() throws Exception {
    server.on(
        MANIFEST,
        exchange -> {
          accepted.add(exchange.getRequestHeaders().getFirst("Accept"));
          reply(exchange, 200, "", Map.of("Docker-Content-Digest", DIGEST));
        });

    Optional<String> digest = registry().digest("v1.1.0");

    assertThat(digest).contains(DIGEST);
    assertThat(server.seen(MANIFEST))
        .extracting(FakeRegistryServer.Seen::method)
        .as("a HEAD is not a pull against Docker Hub's limit")
        .containsExactly("HEAD");
    assertThat(accepted)
        .containsExactly(
            "application/vnd.oci.image.index.v1+json,"
                + " application/vnd.docker.distribution.manifest.list.v2+json,"
                + " application/vnd.oci.image.manifest.v1+json,"
                + " application/vnd.docker.distribution.manifest.v2+json");
  }

  @Test
  void aRegistryThatSendsNoDigestIsAskedWithGetAndTheManifestIsHashed() throws Exception {
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}";
    server.on(
        MANIFEST,
        exchange ->
            reply(
                exchange,
                200,
                exchange.getRequestMethod().equals("HEAD") ? "" : manifest,
                Map.of("Content-Type", "application/vnd.oci.image.index.v1+json")));

    Optional<String> digest = registry().digest("v1.1.0");

    assertThat(digest).contains(sha256(manifest));
    assertThat(server.seen(MANIFEST))
        .extracting(FakeRegistryServer.Seen::method)
        .containsExactly("HEAD", "GET");
  }

  @Test
  void aTagGoneSinceItWasListedSaysSo() {
    server.on(MANIFEST, exchange -> reply(exchange, 404, ""));

    assertThatThrownBy(() -> registry().digest("v1.1.0"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessage(
            server.hostPort()
                + "/shop/app: no manifest for tag v1.1.0 (404) — the tag was listed but is gone"
                + " (deleted since?); the next poll looks again");
  }

  @Test
  void aRateLimitedHeadWaitsForRetryAfter() {
    server.on(MANIFEST, exchange -> reply(exchange, 429, "", Map.of("Retry-After", "120")));

    assertThatThrownBy(() -> registry().digest("v1.1.0"))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Instant.parse("2026-03-15T10:32:00Z"));
            });
  }

  @Test
  void aDigestThatIsNotAlgorithmHexIsRefused() {
    server.on(
        MANIFEST,
        exchange -> reply(exchange, 200, "", Map.of("Docker-Content-Digest", "sha256:$(reboot)")));

    assertThatThrownBy(() -> registry().digest("v1.1.0"))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessageContaining("which is not algorithm:hex");
  }

  @Test
  void callersOfOneTagWithinTheIntervalShareOneLookupAndAPushExpiresIt() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    Registry counting =
        new Registry() {
          @Override
          public List<String> tags() {
            return List.of("v1.1.0");
          }

          @Override
          public Optional<String> digest(String tag) {
            lookups.incrementAndGet();
            return Optional.of(DIGEST);
          }
        };
    SharedTagPoller poller = new SharedTagPoller((location, credentials) -> counting, clock);
    RegistryUrl app = RegistryUrl.parse("img://r.example.com/shop/app");
    RegistryUrl prerelease = RegistryUrl.parse("img://r.example.com/shop/app?pre-release=true");

    // when three DewyDeployments of one repository ask within the interval
    poller.digest(app, Optional.empty(), "v1.1.0", MINUTE);
    poller.digest(prerelease, Optional.empty(), "v1.1.0", MINUTE);
    clock.advance(Duration.ofSeconds(30));
    poller.digest(app, Optional.empty(), "v1.1.0", MINUTE);

    // then one lookup; another tag is its own; a push notification makes the next one fresh
    assertThat(lookups.get()).isEqualTo(1);
    poller.digest(app, Optional.empty(), "v1.0.0", MINUTE);
    assertThat(lookups.get()).isEqualTo(2);
    poller.expire(app.location());
    assertThat(poller.digest(app, Optional.empty(), "v1.1.0", MINUTE)).contains(DIGEST);
    assertThat(lookups.get()).isEqualTo(3);
  }

  private ImageRegistry registry() {
    return new ImageRegistry(
        (ImageRegistryUrl) RegistryUrl.parse("img://" + server.hostPort() + "/shop/app"),
        Optional.empty(),
        new RegistryHttp(Duration.ofSeconds(5), Duration.ofSeconds(10)),
        clock,
        ImageRegistry.DEFAULT_PAGE_SIZE);
  }

  private static String sha256(String content) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
  }
}
