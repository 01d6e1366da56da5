package dev.dewy.operator.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.notify.WebhookSignature;
import dev.dewy.operator.registry.RegistryUrl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PushEndpointTest {
  private static final String SECRET = "s3cret-push";
  private static final RegistryUrl WEB_HERE = RegistryUrl.parse("img://127.0.0.1:5000/shop/web");
  private static final RegistryUrl WEB_SVC = RegistryUrl.parse("img://registry.svc:5000/shop/web");
  private static final RegistryUrl API = RegistryUrl.parse("img://127.0.0.1:5000/shop/api");
  private static final RegistryUrl DEWY = RegistryUrl.parse("ghr://linyows/dewy");

  private final List<Set<RegistryUrl>> polls = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final PushEndpoint endpoint =
      new PushEndpoint(
          SECRET,
          new PushEndpoint.Sources() {
            @Override
            public Set<RegistryUrl> locations() {
              return new LinkedHashSet<>(List.of(WEB_HERE, WEB_SVC, API, DEWY));
            }

            @Override
            public List<String> poll(Set<RegistryUrl> locations) {
              polls.add(locations);
              return locations.stream().map(l -> "shop/" + l).toList();
            }
          },
          meters);

  @Test
  void aTaggedManifestPushPollsTheSourcesOfItsRepositoryOnThePushersHost() {
    PushEndpoint.Response response =
        post(
            PushEndpoint.DISTRIBUTION,
            distribution("shop/web", "v1.1.0", "127.0.0.1:5000"),
            Map.of("Authorization", "Bearer " + SECRET));

    assertThat(response.status()).isEqualTo(200);
    assertThat(polls).containsExactly(Set.of(WEB_HERE));
    assertThat(response.body()).isEqualTo("{\"polled\":[\"shop/" + WEB_HERE + "\"]}\n");
    assertThat(count("distribution", "polled")).isEqualTo(1);
  }

  @Test
  void aPushThroughAnotherHostNamePollsEverySourceOfThatRepository() {
    post(
        PushEndpoint.DISTRIBUTION,
        distribution("shop/web", "v1.1.0", "localhost:5000"),
        Map.of("authorization", "Bearer " + SECRET));

    assertThat(polls).containsExactly(Set.of(WEB_HERE, WEB_SVC));
  }

  @Test
  void blobUploadsPullsAndPushesByDigestPollNothing() {
    String events =
        """
        {"events":[
          {"action":"push","target":{"mediaType":"application/octet-stream","repository":"shop/web"}},
          {"action":"pull","target":{"repository":"shop/web","tag":"v1"},"request":{"host":"127.0.0.1:5000"}},
          {"action":"push","target":{"repository":"other/thing","tag":"v1"}}
        ]}
        """;
    PushEndpoint.Response response =
        post(PushEndpoint.DISTRIBUTION, events, Map.of("Authorization", "Bearer " + SECRET));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"polled\":[]}\n");
    assertThat(polls).isEmpty();
    assertThat(count("distribution", "ignored")).isEqualTo(1);
  }

  @Test
  void aWrongOrMissingTokenIsRefusedWith401AndPollsNothing() {
    String body = distribution("shop/web", "v1.1.0", "127.0.0.1:5000");

    PushEndpoint.Response wrong =
        post(PushEndpoint.DISTRIBUTION, body, Map.of("Authorization", "Bearer guess"));
    PushEndpoint.Response missing = post(PushEndpoint.DISTRIBUTION, body, Map.of());

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(wrong.body()).contains("notifications endpoint headers").doesNotContain(SECRET);
    assertThat(polls).isEmpty();
    assertThat(count("distribution", "refused")).isEqualTo(2);
  }

  @Test
  void aSignedGitHubReleaseEventPollsItsRepositoryAndAPingNothing() {
    String release =
        "{\"action\":\"published\",\"release\":{\"tag_name\":\"v1.2.0\"},"
            + "\"repository\":{\"full_name\":\"Linyows/Dewy\"}}";

    PushEndpoint.Response polled =
        post(
            PushEndpoint.GITHUB,
            release,
            Map.of("X-GitHub-Event", "release", "X-Hub-Signature-256", sign(release)));
    PushEndpoint.Response ping =
        post(
            PushEndpoint.GITHUB,
            "{\"zen\":\"hi\"}",
            Map.of("X-GitHub-Event", "ping", "X-Hub-Signature-256", sign("{\"zen\":\"hi\"}")));

    assertThat(polled.status()).isEqualTo(200);
    assertThat(polls).containsExactly(Set.of(DEWY));
    assertThat(ping.status()).isEqualTo(200);
    assertThat(ping.body()).isEqualTo("{\"polled\":[]}\n");
  }

  @Test
  void aGitHubEventSignedWithAnotherSecretIsRefused() {
    String release = "{\"repository\":{\"full_name\":\"linyows/dewy\"}}";

    PushEndpoint.Response response =
        post(
            PushEndpoint.GITHUB,
            release,
            Map.of(
                "X-GitHub-Event",
                "release",
                "X-Hub-Signature-256",
                WebhookSignature.sign("other", release.getBytes(StandardCharsets.UTF_8))));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.body()).contains("X-Hub-Signature-256 does not match");
    assertThat(polls).isEmpty();
  }

  @Test
  void aSignedGenericPushPollsTheLocationWhateverItsOptions() {
    String body = "{\"registry\":\"img://127.0.0.1:5000/shop/api?pre-release=true\"}";

    PushEndpoint.Response response =
        post(PushEndpoint.GENERIC, body, Map.of("X-Dewy-Signature", sign(body)));

    assertThat(response.status()).isEqualTo(200);
    assertThat(polls).containsExactly(Set.of(API));
  }

  @Test
  void badRequestsAreNamedAndPollNothing() {
    String notAUrl = "{\"registry\":\"ftp://somewhere\"}";
    String noRegistry = "{\"image\":\"x\"}";
    String notJson = "not json";

    assertThat(post(PushEndpoint.GENERIC, notAUrl, Map.of("X-Dewy-Signature", sign(notAUrl))))
        .satisfies(r -> assertThat(r.status()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("registry: unknown scheme \\\"ftp\\\""));
    assertThat(post(PushEndpoint.GENERIC, noRegistry, Map.of("X-Dewy-Signature", sign(noRegistry))))
        .satisfies(r -> assertThat(r.body()).contains("the body is {\\\"registry\\\": URL}"));
    assertThat(post(PushEndpoint.GENERIC, notJson, Map.of("X-Dewy-Signature", sign(notJson))))
        .satisfies(r -> assertThat(r.status()).isEqualTo(400))
        .satisfies(r -> assertThat(r.body()).contains("the body is not JSON"));
    assertThat(
            post(PushEndpoint.GITHUB, noRegistry, Map.of("X-Hub-Signature-256", sign(noRegistry))))
        .satisfies(r -> assertThat(r.body()).contains("X-GitHub-Event is missing"));
    assertThat(endpoint.handle(request("GET", PushEndpoint.GENERIC, "", Map.of())).status())
        .isEqualTo(405);
    assertThat(endpoint.handle(request("POST", "/push/other", "", Map.of())).status())
        .isEqualTo(404);
    String big = "x".repeat(PushEndpoint.MAX_BODY + 1);
    assertThat(post(PushEndpoint.GENERIC, big, Map.of("X-Dewy-Signature", sign(big))).status())
        .isEqualTo(413);
    assertThat(polls).isEmpty();
  }

  private PushEndpoint.Response post(String path, String body, Map<String, String> headers) {
    return endpoint.handle(request("POST", path, body, headers));
  }

  private static PushEndpoint.Request request(
      String method, String path, String body, Map<String, String> headers) {
    Map<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    caseless.putAll(headers);
    return new PushEndpoint.Request(
        method, path, caseless::get, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String sign(String body) {
    return WebhookSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String distribution(String repository, String tag, String host) {
    return """
        {"events":[{"id":"e1","timestamp":"2026-12-02T10:00:00Z","action":"push",
          "target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":400,
            "digest":"sha256:%s","repository":"%s","tag":"%s"},
          "request":{"id":"r1","addr":"127.0.0.1:40000","host":"%s","method":"PUT",
            "useragent":"test"},
          "source":{"addr":"node:5000","instanceID":"i1"}}]}
        """
        .formatted("a".repeat(64), repository, tag, host);
  }

  private double count(String source, String result) {
    var counter =
        meters.find("dewy.push.requests").tag("source", source).tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }
}
