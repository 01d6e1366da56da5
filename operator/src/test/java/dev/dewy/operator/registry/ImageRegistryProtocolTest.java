package dev.dewy.operator.registry;

import static dev.dewy.operator.registry.FakeRegistryServer.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.registry.RegistryException.Kind;
import dev.dewy.operator.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The img:// protocol details the real registry cannot be made to show, against a JDK HttpServer
 * that implements them as the distribution spec and Docker's token spec describe.
 */
class ImageRegistryProtocolTest {
  private static final String TAGS = "/v2/shop/app/tags/list";

  private final FakeRegistryServer server = new FakeRegistryServer();
  private final TestClock clock = TestClock.at("2026-03-15T10:30:00Z");

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void followsRelativeAndAbsoluteNextLinksUntilTheLastPage() throws Exception {
    // given five tags in pages of two: the first link relative, the second absolute
    server.on(
        TAGS,
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          if (query.equals("n=2")) {
            reply(exchange, 200, tags("v1", "v2"), link("</v2/shop/app/tags/list?n=2&last=v2>"));
          } else if (query.equals("n=2&last=v2")) {
            String next = "<http://" + server.hostPort() + TAGS + "?n=2&last=v4>";
            reply(exchange, 200, tags("v3", "v4"), link(next));
          } else {
            reply(exchange, 200, tags("v5"));
          }
        });

    // when
    List<String> tags = registry(Optional.empty(), 2).tags();

    // then
    assertThat(tags).containsExactly("v1", "v2", "v3", "v4", "v5");
    assertThat(server.seen(TAGS))
        .extracting(FakeRegistryServer.Seen::pathAndQuery)
        .containsExactly(TAGS + "?n=2", TAGS + "?n=2&last=v2", TAGS + "?n=2&last=v4");
  }

  @Test
  void aNextLinkToAnotherServerIsRefusedSoCredentialsStayWithTheRegistry() {
    server.on(
        TAGS,
        exchange ->
            reply(exchange, 200, tags("v1"), link("<https://elsewhere.example.com/v2/x?n=2>")));

    assertThatThrownBy(() -> registry(Optional.empty(), 2).tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessage(
            server.hostPort()
                + "/shop/app: the next-page link leads to another server"
                + " (https://elsewhere.example.com/v2/x?n=2)");
  }

  @Test
  void aNextLinkBackToAPageAlreadyReadStopsWithAProtocolError() {
    server.on(TAGS, exchange -> reply(exchange, 200, tags("v1"), link("<" + TAGS + "?n=2>")));

    assertThatThrownBy(() -> registry(Optional.empty(), 2).tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessage(
            "%1$s/shop/app: pagination does not end (page http://%1$s%2$s?n=2 again or after 1000"
                    .formatted(server.hostPort(), TAGS)
                + " pages)");
    assertThat(server.seen(TAGS)).hasSize(1);
  }

  @Test
  void tagsThatAreNotValidOciTagsAreDropped() throws Exception {
    server.on(
        TAGS,
        exchange ->
            reply(
                exchange,
                200,
                tags("v1.0.0", "-bad", ".hidden", "has space", "x".repeat(129), "ok_1.2-3")));

    assertThat(registry(Optional.empty(), 100).tags()).containsExactly("v1.0.0", "ok_1.2-3");
  }

  @Test
  void bearerChallengeIsAnsweredWithATokenFetchedWithBasicCredentialsAndReusedUntilExpiry()
      throws Exception {
    // given a registry that wants a bearer token from a token service on the same server
    String realm = "http://" + server.hostPort() + "/token";
    server.on(
        TAGS,
        exchange -> {
          if ("Bearer t-1".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 200, tags("v1"));
          } else {
            String challenge =
                "Bearer realm=\"%s\",service=\"registry.test\",scope=\"repository:shop/app:pull\""
                    .formatted(realm);
            reply(exchange, 401, "", Map.of("WWW-Authenticate", challenge));
          }
        });
    server.on("/token", exchange -> reply(exchange, 200, "{\"token\":\"t-1\",\"expires_in\":300}"));
    Registry registry = registry(Optional.of(new RegistryCredentials("dewy", "pw")), 100);

    // when
    List<String> first = registry.tags();
    List<String> second = registry.tags();
    clock.advance(Duration.ofSeconds(300));
    List<String> afterExpiry = registry.tags();

    // then
    assertThat(first).isEqualTo(second).isEqualTo(afterExpiry).containsExactly("v1");
    assertThat(server.seen("/token"))
        .extracting(FakeRegistryServer.Seen::pathAndQuery, FakeRegistryServer.Seen::authorization)
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(
                "/token?service=registry.test&scope=repository%3Ashop%2Fapp%3Apull",
                new RegistryCredentials("dewy", "pw").basicAuthorization()))
        .hasSize(2);
    assertThat(server.seen(TAGS))
        .extracting(FakeRegistryServer.Seen::authorization)
        .containsExactly(null, "Bearer t-1", "Bearer t-1", "Bearer t-1");
  }

  @Test
  void anonymousTokenFromAccessTokenFieldServesPublicImages() throws Exception {
    String realm = "http://" + server.hostPort() + "/token";
    server.on(
        TAGS,
        exchange -> {
          if ("Bearer anon".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 200, tags("1.0.0"));
          } else {
            reply(
                exchange,
                401,
                "",
                Map.of("WWW-Authenticate", "Bearer realm=\"%s\",service=\"hub\"".formatted(realm)));
          }
        });
    server.on("/token", exchange -> reply(exchange, 200, "{\"access_token\":\"anon\"}"));

    assertThat(registry(Optional.empty(), 100).tags()).containsExactly("1.0.0");
    assertThat(server.seen("/token"))
        .extracting(FakeRegistryServer.Seen::pathAndQuery, FakeRegistryServer.Seen::authorization)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "/token?service=hub&scope=repository%3Ashop%2Fapp%3Apull", null));
  }

  @Test
  void tokenServiceRefusingTheCredentialsIsUnauthorized() {
    String realm = "http://" + server.hostPort() + "/token";
    server.on(
        TAGS,
        exchange ->
            reply(exchange, 401, "", Map.of("WWW-Authenticate", "Bearer realm=\"" + realm + "\"")));
    server.on("/token", exchange -> reply(exchange, 401, "{\"details\":\"incorrect\"}"));

    assertThatThrownBy(() -> registry(Optional.of(new RegistryCredentials("u", "bad")), 100).tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
        .hasMessageContaining(": 401 Unauthorized with the credentials for " + server.hostPort());
  }

  @Test
  void tooManyRequestsWithDelaySecondsIsRateLimitedUntilThen() {
    server.on(TAGS, exchange -> reply(exchange, 429, "", Map.of("Retry-After", "120")));

    assertThatThrownBy(() -> registry(Optional.empty(), 100).tags())
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Instant.parse("2026-03-15T10:32:00Z"));
            })
        .hasMessage(
            server.hostPort()
                + "/shop/app: 429 Too Many Requests — the registry asks to wait until"
                + " 2026-03-15T10:32:00Z; polling resumes then (a longer spec.interval, or"
                + " credentials with a higher limit, avoid this)");
  }

  @Test
  void tooManyRequestsWithAnHttpDateIsRateLimitedUntilThatDate() {
    server.on(
        TAGS,
        exchange ->
            reply(exchange, 429, "", Map.of("Retry-After", "Sun, 15 Mar 2026 10:45:00 GMT")));

    assertThatThrownBy(() -> registry(Optional.empty(), 100).tags())
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.retryAfter()).contains(Instant.parse("2026-03-15T10:45:00Z")));
  }

  @Test
  void serverErrorIsUnreachableForNowAndForbiddenIsUnauthorized() {
    server.on(TAGS, exchange -> reply(exchange, 503, "down"));
    server.on("/v2/shop/secret/tags/list", exchange -> reply(exchange, 403, "{}"));

    assertThatThrownBy(() -> registry(Optional.empty(), 100).tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
        .hasMessage(
            server.hostPort()
                + "/shop/app: 503 Service Unavailable — the registry is failing; the next poll"
                + " tries again");
    ImageRegistryUrl secret = url("secret");
    assertThatThrownBy(
            () ->
                new ImageRegistry(
                        secret,
                        Optional.of(new RegistryCredentials("u", "p")),
                        new RegistryHttp(Duration.ofSeconds(5), Duration.ofSeconds(5)),
                        clock,
                        100)
                    .tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
        .hasMessage(
            ("%1$s/shop/secret: 403 Forbidden — the credentials for %1$s from"
                    + " spec.credentialsSecret may not pull this repository; grant them pull"
                    + " access")
                .formatted(server.hostPort()));
  }

  @Test
  void aRegistryThatDoesNotAnswerInTimeIsUnreachable() {
    CountDownLatch release = new CountDownLatch(1);
    server.on(
        TAGS,
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    ImageRegistry registry =
        new ImageRegistry(
            url("app"),
            Optional.empty(),
            new RegistryHttp(Duration.ofSeconds(5), Duration.ofSeconds(1)),
            clock,
            100);

    try {
      assertThatThrownBy(registry::tags)
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
          .hasMessage(
              server.hostPort()
                  + "/shop/app: no answer from http://"
                  + server.hostPort()
                  + " within 1s — the registry is slow or unreachable; the next poll tries again");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aBodyThatIsNotJsonIsAProtocolError() {
    server.on(TAGS, exchange -> reply(exchange, 200, "<html>login</html>"));

    assertThatThrownBy(() -> registry(Optional.empty(), 100).tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
        .hasMessage(
            server.hostPort() + "/shop/app: the tags list is not JSON (<html>login</html>)");
  }

  private ImageRegistry registry(Optional<RegistryCredentials> credentials, int pageSize) {
    return new ImageRegistry(
        url("app"),
        credentials,
        new RegistryHttp(Duration.ofSeconds(5), Duration.ofSeconds(10)),
        clock,
        pageSize);
  }

  private ImageRegistryUrl url(String name) {
    return (ImageRegistryUrl) RegistryUrl.parse("img://" + server.hostPort() + "/shop/" + name);
  }

  private static String tags(String... tags) {
    StringBuilder json = new StringBuilder("{\"name\":\"shop/app\",\"tags\":[");
    for (int i = 0; i < tags.length; i++) {
      json.append(i == 0 ? "" : ",").append('"').append(tags[i]).append('"');
    }
    return json.append("]}").toString();
  }

  private static Map<String, String> link(String target) {
    return Map.of("Content-Type", "application/json", "Link", target + "; rel=\"next\"");
  }
}
