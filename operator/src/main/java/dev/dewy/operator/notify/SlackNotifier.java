package dev.dewy.operator.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Posts notifications to a Slack channel with chat.postMessage and a bot token. */
public final class SlackNotifier implements Notifier {
  public static final URI DEFAULT_API = URI.create("https://slack.com/api");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SlackUrl url;
  private final String token;
  private final URI postMessage;
  private final JsonPost post;

  public SlackNotifier(SlackUrl url, String token, URI apiBase, Duration timeout) {
    this.url = url;
    this.token = token;
    String base = apiBase.toString();
    this.postMessage = URI.create((base.endsWith("/") ? base : base + "/") + "chat.postMessage");
    this.post = new JsonPost(timeout);
  }

  @Override
  public void send(Notification notification) throws NotifyException {
    byte[] body =
        SlackMessage.build(url, notification)
            .toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> response =
        post.send(postMessage, body, Map.of("Authorization", "Bearer " + token));
    if (response.statusCode() != 200) {
      throw new NotifyException(
          "Slack chat.postMessage answered HTTP " + response.statusCode() + ": " + response.body());
    }
    // Slack reports most errors (bad token, unknown channel) as 200 with ok=false.
    JsonNode answer = parse(response.body());
    if (!answer.path("ok").asBoolean(false)) {
      throw new NotifyException(
          "Slack chat.postMessage to #"
              + url.channel()
              + " failed: "
              + answer.path("error").asText("no \"ok\" in answer: " + response.body()));
    }
  }

  private static JsonNode parse(String body) throws NotifyException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new NotifyException("Slack answered with something that is not JSON: " + body, e);
    }
  }
}
