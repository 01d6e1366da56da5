package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private RecordingHttpServer receiver;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = new RecordingHttpServer().answering(204, "");
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private Notifier webhook(String url, Map<String, String> secret) throws Exception {
    return TestChannels.create(url, secret);
  }

  @Test
  void hookFailureIsPostedAsVersionedJson() throws Exception {
    // given
    Notifier notifier =
        webhook("webhook://127.0.0.1:" + receiver.port() + "/dewy/events", Map.of());

    // when
    notifier.send(Notifications.failedBeforeHook());

    // then
    RecordingHttpServer.Request request = receiver.requests().get(0);
    assertThat(request.path()).isEqualTo("/dewy/events");
    assertThat(request.headers().getFirst("X-Dewy-Event")).isEqualTo("BEFORE_HOOK_FAILED");
    assertThat(request.headers().getFirst("X-Dewy-Signature")).isNull();
    JsonNode expected =
        JSON.readTree(
            """
            {"schema": "dewy.dev/notification/v1",
             "type": "BEFORE_HOOK_FAILED",
             "severity": "failure",
             "deployment": {"namespace": "shop", "name": "myapp"},
             "version": "v1.5.0",
             "previousVersion": "v1.4.0",
             "registry": "img://registry.example.com/shop/myapp",
             "message": "before-deploy hook exited 3; deploy aborted",
             "hook": {"name": "before-deploy",
                      "command": "scripts/pre-check.sh",
                      "exitCode": 3,
                      "duration": "2.5s",
                      "stdout": "checking database",
                      "stderr": "pre-check: database not reachable",
                      "succeeded": false,
                      "jobName": "myapp-before-deploy-v1-5-0-1"},
             "time": "2026-03-15T10:30:45Z"}
            """);
    assertThat(JSON.readTree(request.body())).isEqualTo(expected);
  }

  @Test
  void eventWithoutHookHasNoHookObject() throws Exception {
    Notifier notifier = webhook("webhook://127.0.0.1:" + receiver.port() + "/", Map.of());

    notifier.send(Notifications.of(EventType.DEPLOY_SUCCEEDED, "v1.5.0 is live"));

    JsonNode body = JSON.readTree(receiver.requests().get(0).body());
    assertThat(body.has("hook")).isFalse();
    assertThat(body.path("severity").asText()).isEqualTo("success");
  }

  @Test
  void signatureIsHmacSha256OfTheRawBodyWithTheKeyFromTheSecret() throws Exception {
    // given
    Notifier notifier =
        webhook(
            "webhook://127.0.0.1:" + receiver.port() + "/hook?secret-key=WEBHOOK_SECRET",
            Map.of("WEBHOOK_SECRET", "s3cr3t"));

    // when
    notifier.send(Notifications.failedAfterHook());

    // then: the receiver recomputes the digest over the bytes it got, as docs/notifications.md says
    RecordingHttpServer.Request request = receiver.requests().get(0);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cr3t".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
    assertThat(request.headers().getFirst("X-Dewy-Signature")).isEqualTo(expected);
    assertThat(WebhookSignature.sign("wrong", request.body())).isNotEqualTo(expected);
  }

  @Test
  void non2xxAnswerIsAFailure() throws Exception {
    receiver.answering(500, "down");
    Notifier notifier = webhook("webhook://127.0.0.1:" + receiver.port() + "/x", Map.of());

    assertThatThrownBy(() -> notifier.send(Notifications.failedAfterHook()))
        .isInstanceOf(NotifyException.class)
        .hasMessage("webhook http://127.0.0.1:" + receiver.port() + "/x answered HTTP 500: down");
  }
}
