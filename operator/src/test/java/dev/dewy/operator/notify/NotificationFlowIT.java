package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.Dewy;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Notifications through the whole flow: sandbox, real OCI registry, the operator, and local
 * receivers (a JDK HttpServer as webhook endpoint and Slack API, GreenMail as SMTP server).
 */
@ExtendWith(ControlPlaneExtension.class)
class NotificationFlowIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  private static final int SMTP_PORT = freePort();

  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final String FAILING_HOOK = "echo \"database is locked\" >&2; exit 3";

  private RecordingHttpServer receiver;
  private OperatorHarness harness;

  @BeforeEach
  void start(ControlPlane plane) throws IOException {
    receiver = new RecordingHttpServer();
    harness =
        OperatorHarness.start(
            plane, new ChannelSettings(receiver.uri("/api"), Duration.ofSeconds(2)));
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
  }

  @AfterEach
  void stop() {
    harness.close();
    receiver.close();
  }

  @Test
  void failingBeforeHookSendsExitCodeAndStderrToWebhookAfterDeployStarted() {
    // given: a webhook notifier and a before-deploy hook that fails
    deploy("web", webhook(""), hooks(FAILING_HOOK, null));

    // when: the attempt is aborted
    List<JsonNode> sent = awaitWebhook(3);

    // then: started, then the hook failure with exit code and stderr, then the abort
    assertThat(sent.subList(0, 3))
        .extracting(n -> n.path("type").asText())
        .containsExactly("DEPLOY_STARTED", "BEFORE_HOOK_FAILED", "DEPLOY_ABORTED");
    JsonNode hookFailed = sent.get(1);
    assertThat(hookFailed.path("severity").asText()).isEqualTo("failure");
    assertThat(hookFailed.path("version").asText()).isEqualTo("v1.1.0");
    assertThat(hookFailed.path("hook").path("exitCode").asInt()).isEqualTo(3);
    assertThat(hookFailed.path("hook").path("stderr").asText()).isEqualTo("database is locked");
    assertThat(hookFailed.path("hook").path("succeeded").asBoolean()).isFalse();
    assertThat(sent.get(2).path("message").asText())
        .contains("exit code 3", "database is locked", "the workload was not changed");
    assertThat(harness.workload("web").getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getImage())
        .containsExactly(registry.imageReference("shop/web", "v1.0.0"));
  }

  @Test
  void failingBeforeHookSendsExitCodeAndStderrToSlackAfterDeployStarted() throws Exception {
    // given: a Slack notifier with its token in the Secret, and a failing before-deploy hook
    slackSecret();
    deploy("web", "slack://deploys", "slack-token", hooks(FAILING_HOOK, null));

    // when
    List<JsonNode> sent = awaitSlack(3);

    // then: posted to chat.postMessage with the bot token, in order, the failure in red
    assertThat(receiver.requests().get(0).path()).isEqualTo("/api/chat.postMessage");
    assertThat(receiver.requests().get(0).headers().getFirst("Authorization"))
        .isEqualTo("Bearer xoxb-test-token");
    assertThat(sent).allSatisfy(m -> assertThat(m.path("channel").asText()).isEqualTo("deploys"));
    assertThat(attachment(sent.get(0)).path("text").asText())
        .startsWith(harness.namespace() + "/web deploy of v1.1.0 started (from v1.0.0)");
    JsonNode failure = attachment(sent.get(1));
    assertThat(failure.path("color").asText()).isEqualTo("danger");
    assertThat(failure.path("text").asText())
        .startsWith(harness.namespace() + "/web before-deploy hook FAILED for v1.1.0");
    assertThat(field(failure, "Exit code")).isEqualTo("`3`");
    assertThat(field(failure, "Stderr")).contains("database is locked");
    assertThat(attachment(sent.get(2)).path("text").asText())
        .startsWith(harness.namespace() + "/web deploy of v1.1.0 ABORTED");
  }

  @Test
  void failingAfterHookSendsWarningWhileDeployReportsSuccess() throws Exception {
    // given: Slack, and an after-deploy hook that fails
    slackSecret();
    deploy(
        "web",
        "slack://deploys",
        "slack-token",
        hooks(null, "echo \"smoke test: 502\" >&2; exit 7"));

    // when: the new version is deployed
    DewyDeployment dd =
        harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    // then: Ready=True/AfterHookFailed, and Slack got a yellow warning before the green success
    assertThat(dd.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("AfterHookFailed");
            });
    List<JsonNode> sent = awaitSlack(3);
    assertThat(sent.subList(0, 3))
        .extracting(m -> attachment(m).path("color").asText())
        .containsExactly("good", "warning", "good");
    JsonNode warning = attachment(sent.get(1));
    assertThat(warning.path("text").asText())
        .startsWith(harness.namespace() + "/web after-deploy hook FAILED for v1.1.0");
    assertThat(field(warning, "Exit code")).isEqualTo("`7`");
    assertThat(field(warning, "Stderr")).contains("smoke test: 502");
    assertThat(attachment(sent.get(2)).path("text").asText())
        .startsWith(harness.namespace() + "/web deployed v1.1.0");
  }

  @Test
  void successfulDeploySendsEveryStepToWebhookInOrder() {
    // given
    deploy("web", webhook(""), hooks("echo checking", "echo smoke ok"));

    // when
    harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    List<JsonNode> sent = awaitWebhook(4);

    // then
    assertThat(sent)
        .extracting(n -> n.path("type").asText())
        .containsExactly(
            "DEPLOY_STARTED", "BEFORE_HOOK_SUCCEEDED", "AFTER_HOOK_SUCCEEDED", "DEPLOY_SUCCEEDED");
    assertThat(sent)
        .allSatisfy(n -> assertThat(n.path("schema").asText()).isEqualTo(WebhookPayload.SCHEMA));
    assertThat(sent.get(1).path("hook").path("stdout").asText()).isEqualTo("checking");
    assertThat(sent.get(3).path("previousVersion").asText()).isEqualTo("v1.0.0");
    assertThat(harness.notificationCounters().failed()).isZero();
  }

  @Test
  void abortedDeployIsMailedWithExitCodeAndStderr() throws Exception {
    // given: a mail notifier pointing at the SMTP server of the test
    deploy(
        "web",
        "mail://127.0.0.1:%d/ops@example.com?from=dewy@example.com".formatted(SMTP_PORT),
        hooks(FAILING_HOOK, null));

    // when
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> smtp.getReceivedMessages().length >= 3);

    // then: started, hook failed, aborted; the abort names exit code and stderr
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails[0].getSubject())
        .isEqualTo("[dewy] " + harness.namespace() + "/web deploy of v1.1.0 started (from v1.0.0)");
    assertThat(mails[1].getSubject())
        .isEqualTo("[dewy] " + harness.namespace() + "/web before-deploy hook FAILED for v1.1.0");
    assertThat(GreenMailUtil.getBody(mails[1]))
        .contains("Exit code: 3", "STDERR:", "database is locked");
    assertThat(mails[2].getSubject())
        .isEqualTo("[dewy] " + harness.namespace() + "/web deploy of v1.1.0 ABORTED");
    assertThat(GreenMailUtil.getBody(mails[2]))
        .contains("exit code 3", "database is locked", "the workload was not changed");
  }

  @Test
  void hangingNotifierDelaysNoDeploy() throws Exception {
    // given: a webhook that takes every request and never answers, and a twin without notifier
    receiver.hanging();
    harness.deployment("api", registry.imageReference("shop/web", "v1.0.0"));
    long start = System.nanoTime();
    deploy("web", webhook(""), hooks("true", "true"));
    apply("api", registry.registryUrl("shop/web"), "", hooks("true", "true"));

    // when
    harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    long web = System.nanoTime() - start;
    harness.await("api", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    long api = System.nanoTime() - start;

    // then: the deploy finished while the server still held the first notification unanswered
    assertThat(receiver.awaitFirstRequest()).isTrue();
    assertThat(receiver.holding()).isTrue();
    assertThat(harness.notificationCounters().sent()).isZero();
    System.out.printf(
        "deploy with hanging notifier: %d ms; without notifier: %d ms%n",
        web / 1_000_000, api / 1_000_000);
    // and: the send gives up after its timeout and retry, and is counted
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> harness.notificationCounters().failed() >= 1);
  }

  @Test
  void notifierAnswering500DelaysNoDeployAndFailuresAreCounted() {
    // given
    receiver.answering(500, "{\"error\":\"boom\"}");
    deploy("web", webhook(""), hooks("true", null));

    // when
    DewyDeployment dd =
        harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    // then: the deploy succeeded; each notification was tried twice and counted as failed
    assertThat(dd.getStatus().getHistory()).hasSize(1);
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> harness.notificationCounters().failed() >= 1);
    assertThat(receiver.requests()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(harness.notificationCounters().sent()).isZero();
  }

  @Test
  void quietNotifierSendsOnlyWarningsAndFailures() {
    // given: quiet=true, a before hook that succeeds and an after hook that fails
    deploy("web", webhook("?quiet=true"), hooks("echo fine", "exit 5"));

    // when
    harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    // then: started, before ok and succeeded are skipped; the after-hook warning is sent
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                harness.notificationCounters().quieted() == 3
                    && harness.notificationCounters().sent() == 1);
    assertThat(webhookBodies())
        .extracting(n -> n.path("type").asText() + "/" + n.path("severity").asText())
        .containsExactly("AFTER_HOOK_FAILED/warning");
  }

  @Test
  void repeatedRegistryErrorIsSentTwiceThenNoticeThenNothingUntilSuccess() throws Exception {
    // given: a registry on a port nobody listens on
    String closed = "img://127.0.0.1:%d/shop/web".formatted(freePort());
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
    apply("web", closed, webhook(""), hooks(null, null));

    // when: the error repeats well past the limit
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> harness.notificationCounters().throttled() >= 3);

    // then: two errors, then the same error with the notice, then nothing
    List<JsonNode> errors = awaitWebhook(3);
    assertThat(errors)
        .extracting(n -> n.path("type").asText())
        .containsExactly("REGISTRY_ERROR", "REGISTRY_ERROR", "REGISTRY_ERROR");
    assertThat(errors.get(0).path("message").asText())
        .isEqualTo(errors.get(1).path("message").asText());
    assertThat(errors.get(2).path("message").asText())
        .startsWith(ErrorThrottle.NOTICE)
        .endsWith(errors.get(0).path("message").asText());

    // when: the registry is fixed, the deploy succeeds (which resets the throttle)
    setRegistry("web", registry.registryUrl("shop/web"));
    harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(awaitWebhook(4).get(3).path("type").asText()).isEqualTo("DEPLOY_SUCCEEDED");

    // and: when it breaks again, the error is reported again
    setRegistry("web", closed);
    List<JsonNode> after = awaitWebhook(5);
    assertThat(after.get(4).path("type").asText()).isEqualTo("REGISTRY_ERROR");
    assertThat(after.get(4).path("message").asText()).doesNotContain(ErrorThrottle.NOTICE);
  }

  @Test
  void invalidSpecIsSentAsConfigurationError() {
    // given: a registry URL the CRD accepts but the operator cannot use
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
    apply("web", registry.registryUrl("shop/web") + "?colour=red", webhook(""), hooks(null, null));

    // when
    harness.await(
        "web",
        LONG,
        d -> d.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Stalled")));
    List<JsonNode> sent = awaitWebhook(1);

    // then: the webhook hears of it, with the field and the fix
    assertThat(sent.get(0).path("type").asText()).isEqualTo("CONFIG_ERROR");
    assertThat(sent.get(0).path("severity").asText()).isEqualTo("failure");
    assertThat(sent.get(0).path("message").asText())
        .startsWith("spec.registry: ")
        .contains("unknown option \"colour\"");
  }

  @Test
  void hookFailingTheSameWayOnEveryAttemptIsThrottled() {
    // given: a before-deploy hook that always fails; its messages differ only in duration and
    // next-attempt time
    deploy("web", webhook(""), hooks(FAILING_HOOK, null));

    // when: four attempts failed (attempt 4's notifications held back, as are the starts of
    // attempts 2 to 4)
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              var retry = harness.get("web").getStatus().getRetry();
              return retry != null
                  && retry.getFailures() >= 4
                  && harness.notificationCounters().throttled() >= 5;
            });
    List<JsonNode> sent = awaitWebhook(7);

    // then: each failure sent twice, then with the notice, then not at all
    assertThat(sent)
        .extracting(n -> n.path("type").asText())
        .containsExactly(
            "DEPLOY_STARTED",
            "BEFORE_HOOK_FAILED",
            "DEPLOY_ABORTED",
            "BEFORE_HOOK_FAILED",
            "DEPLOY_ABORTED",
            "BEFORE_HOOK_FAILED",
            "DEPLOY_ABORTED");
    assertThat(sent.get(5).path("message").asText()).startsWith(ErrorThrottle.NOTICE);
    assertThat(sent.get(6).path("message").asText()).startsWith(ErrorThrottle.NOTICE);
    assertThat(sent.get(5).path("hook").path("exitCode").asInt()).isEqualTo(3);
  }

  // --- helpers

  private void deploy(String name, String notifier, UnaryOperator<Dewy> hooks) {
    deploy(name, notifier, null, hooks);
  }

  private void deploy(String name, String notifier, String secret, UnaryOperator<Dewy> hooks) {
    harness.deployment(name, registry.imageReference("shop/web", "v1.0.0"));
    hooks
        .apply(harness.dewy(name).registry(registry.registryUrl("shop/web")))
        .notifier(notifier, secret)
        .create();
  }

  private void apply(String name, String registryUrl, String notifier, UnaryOperator<Dewy> hooks) {
    Dewy dewy = harness.dewy(name).registry(registryUrl);
    if (!notifier.isEmpty()) {
      dewy.notifier(notifier, null);
    }
    hooks.apply(dewy).create();
  }

  private static UnaryOperator<Dewy> hooks(String before, String after) {
    return dewy -> {
      if (before != null) {
        dewy.beforeHook(before);
      }
      if (after != null) {
        dewy.afterHook(after);
      }
      return dewy;
    };
  }

  private String webhook(String query) {
    return "webhook://127.0.0.1:" + receiver.port() + "/hooks/dewy" + query;
  }

  private void slackSecret() {
    harness
        .client()
        .secrets()
        .inNamespace(harness.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("slack-token")
                .endMetadata()
                .addToStringData("SLACK_TOKEN", "xoxb-test-token")
                .build())
        .create();
  }

  private void setRegistry(String name, String url) {
    OperatorHarness.edit(
        harness
            .client()
            .resources(DewyDeployment.class)
            .inNamespace(harness.namespace())
            .withName(name),
        d -> {
          d.getSpec().setRegistry(url);
          return d;
        });
  }

  private List<JsonNode> awaitWebhook(int count) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> receiver.requests().size() >= count);
    return webhookBodies();
  }

  private List<JsonNode> awaitSlack(int count) {
    return awaitWebhook(count);
  }

  private List<JsonNode> webhookBodies() {
    return receiver.requests().stream().map(r -> parse(r.bodyText())).toList();
  }

  private static JsonNode attachment(JsonNode slackMessage) {
    return slackMessage.path("attachments").path(0);
  }

  private static String field(JsonNode attachment, String title) {
    for (JsonNode field : attachment.path("fields")) {
      if (title.equals(field.path("title").asText())) {
        return field.path("value").asText();
      }
    }
    throw new AssertionError("no field " + title + " in " + attachment);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
