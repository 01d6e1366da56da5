package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private RecordingHttpServer slack;

  @BeforeEach
  void startSlack() throws Exception {
    slack = new RecordingHttpServer();
  }

  @AfterEach
  void stopSlack() {
    slack.close();
  }

  private SlackNotifier notifier(String url) throws Exception {
    return new SlackNotifier(
        (SlackUrl) NotifierUrl.parse(url), "xoxb-test", slack.uri("/api"), Duration.ofSeconds(10));
  }

  private JsonNode lastAttachment() throws Exception {
    return JSON.readTree(slack.requests().get(slack.requests().size() - 1).body())
        .path("attachments")
        .get(0);
  }

  @Test
  void failedBeforeHookIsPostedAsDangerAttachmentWithHookFieldsAndStderr() throws Exception {
    // given
    SlackNotifier notifier =
        notifier("slack://#ops-alerts?title=myapp&url=https://ci.example.com/myapp");

    // when
    notifier.send(Notifications.failedBeforeHook());

    // then
    RecordingHttpServer.Request request = slack.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/chat.postMessage");
    assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer xoxb-test");
    assertThat(request.headers().getFirst("Content-Type")).startsWith("application/json");
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.path("channel").asText()).isEqualTo("ops-alerts");
    JsonNode attachment = body.path("attachments").get(0);
    assertThat(attachment.path("color").asText()).isEqualTo("danger");
    assertThat(attachment.path("title").asText()).isEqualTo("myapp");
    assertThat(attachment.path("title_link").asText()).isEqualTo("https://ci.example.com/myapp");
    assertThat(attachment.path("text").asText())
        .isEqualTo(
            "shop/myapp before-deploy hook FAILED for v1.5.0\n"
                + "before-deploy hook exited 3; deploy aborted");
    assertThat(attachment.path("fields").toString())
        .isEqualTo(
            "[{\"title\":\"Command\",\"value\":\"`scripts/pre-check.sh`\",\"short\":false},"
                + "{\"title\":\"Exit code\",\"value\":\"`3`\",\"short\":true},"
                + "{\"title\":\"Duration\",\"value\":\"2.5s\",\"short\":true},"
                + "{\"title\":\"Version\",\"value\":\"v1.5.0\",\"short\":true},"
                + "{\"title\":\"Previous version\",\"value\":\"v1.4.0\",\"short\":true},"
                + "{\"title\":\"Stdout\",\"value\":\"```\\nchecking database\\n```\",\"short\":false},"
                + "{\"title\":\"Stderr\",\"value\":\"```\\npre-check: database not reachable\\n```\","
                + "\"short\":false}]");
    assertThat(attachment.path("ts").asLong()).isEqualTo(Notifications.TIME.getEpochSecond());
  }

  @Test
  void colourFollowsSeverity() throws Exception {
    SlackNotifier notifier = notifier("slack://ops-alerts");

    notifier.send(Notifications.of(EventType.DEPLOY_SUCCEEDED, "v1.5.0 is live"));
    assertThat(lastAttachment().path("color").asText()).isEqualTo("good");
    assertThat(lastAttachment().path("title").asText()).isEqualTo("shop/myapp");

    notifier.send(Notifications.failedAfterHook());
    assertThat(lastAttachment().path("color").asText()).isEqualTo("warning");
  }

  @Test
  void okFalseAnswerIsAFailureNamingSlacksError() throws Exception {
    slack.answering(200, "{\"ok\":false,\"error\":\"channel_not_found\"}");
    SlackNotifier notifier = notifier("slack://nowhere");

    assertThatThrownBy(() -> notifier.send(Notifications.failedBeforeHook()))
        .isInstanceOf(NotifyException.class)
        .hasMessage("Slack chat.postMessage to #nowhere failed: channel_not_found");
  }

  @Test
  void serverErrorIsAFailure() throws Exception {
    slack.answering(500, "oops");
    SlackNotifier notifier = notifier("slack://ops");

    assertThatThrownBy(() -> notifier.send(Notifications.failedBeforeHook()))
        .isInstanceOf(NotifyException.class)
        .hasMessage("Slack chat.postMessage answered HTTP 500: oops");
  }
}
