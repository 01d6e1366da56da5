package dev.dewy.operator.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.notify.WebhookSignature;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Push instead of poll, with the real distribution registry (Debian's docker-registry) sending its
 * notifications to the operator's endpoint: DewyDeployments polled hourly deploy within seconds of
 * a push.
 */
class PushIT {
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final String SECRET = "push-secret-for-tests";

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void theRegistrysPushNotificationStartsTheDeployWithoutWaitingForTheInterval() {
    String endpoint = harness.startPushEndpoint(SECRET) + PushEndpoint.DISTRIBUTION;
    try (LocalOciRegistry registry =
        LocalOciRegistry.notifying(endpoint, "Bearer " + SECRET).start()) {
      // given a DewyDeployment polled hourly that has seen the registry once
      registry.pushImages("shop/web", "v1.0.0");
      harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
      harness
          .dewy("web")
          .registry(registry.registryUrl("shop/web"))
          .interval("1h")
          .beforeHook("echo before $DEWY_VERSION")
          .create();
      harness.await(
          "web",
          LONG,
          d ->
              d.getStatus().getLatestVersion() != null
                  && d.getStatus().getConditions().stream()
                      .anyMatch(
                          c -> c.getType().equals("Ready") && "UpToDate".equals(c.getReason())));
      long listed = registry.tagListRequests("shop/web");

      // when a new version is pushed
      registry.pushImage("shop/web", "v1.1.0");

      // then the registry's notification polls it now, and the whole deploy follows
      DewyDeployment deployed = harness.awaitDeployed("web", "v1.1.0", LONG);
      assertThat(harness.image("web")).isEqualTo(registry.pinnedReference("shop/web", "v1.1.0"));
      assertThat(deployed.getStatus().getHooks().getBeforeDeploy().getStdout())
          .isEqualTo("before v1.1.0\n");
      assertThat(registry.tagListRequests("shop/web")).isGreaterThan(listed);
      var polled =
          harness
              .scrapeMetrics()
              .family("dewy_push_requests_total")
              .orElseThrow()
              .sample(
                  "dewy_push_requests_total",
                  java.util.Map.of("source", "distribution", "result", "polled"));
      assertThat(polled).hasValueSatisfying(s -> assertThat(s.value()).isGreaterThanOrEqualTo(1));
    }
  }

  @Test
  void aGenericPushMustBeSignedWithThePushSecret() throws Exception {
    String base = harness.startPushEndpoint(SECRET);
    try (LocalOciRegistry registry = LocalOciRegistry.anonymous().start()) {
      registry.pushImages("shop/api", "v1.0.0");
      harness.deployment("api", registry.imageReference("shop/api", "v1.0.0"));
      harness.dewy("api").registry(registry.registryUrl("shop/api")).interval("1h").create();
      harness.await("api", LONG, d -> "v1.0.0".equals(d.getStatus().getLatestVersion()));
      registry.pushImage("shop/api", "v1.1.0");
      String body = "{\"registry\":\"" + registry.registryUrl("shop/api") + "\"}";

      HttpResponse<String> forged = post(base, body, WebhookSignature.sign("guess", bytes(body)));
      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(forged.body()).contains("X-Dewy-Signature must be sha256=");

      HttpResponse<String> signed = post(base, body, WebhookSignature.sign(SECRET, bytes(body)));
      assertThat(signed.statusCode()).isEqualTo(200);
      assertThat(signed.body()).isEqualTo("{\"polled\":[\"" + harness.namespace() + "/api\"]}\n");
      harness.await("api", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
      assertThat(harness.image("api")).isEqualTo(registry.pinnedReference("shop/api", "v1.1.0"));
    }
  }

  private static HttpResponse<String> post(String base, String body, String signature)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + PushEndpoint.GENERIC))
                .header(WebhookSignature.HEADER, signature)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
