package dev.dewy.operator.notify;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** POSTs each notification as versioned JSON to a URL, signed when a key is configured. */
public final class WebhookNotifier implements Notifier {
  public static final String EVENT_HEADER = "X-Dewy-Event";

  private final URI endpoint;
  private final String signingKey;
  private final JsonPost post;

  /** signingKey "" sends unsigned requests. */
  public WebhookNotifier(URI endpoint, String signingKey, Duration timeout) {
    this.endpoint = endpoint;
    this.signingKey = signingKey == null ? "" : signingKey;
    this.post = new JsonPost(timeout);
  }

  @Override
  public void send(Notification notification) throws NotifyException {
    byte[] body = WebhookPayload.build(notification).toString().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(EVENT_HEADER, notification.type().name());
    if (!signingKey.isEmpty()) {
      headers.put(WebhookSignature.HEADER, WebhookSignature.sign(signingKey, body));
    }
    HttpResponse<String> response = post.send(endpoint, body, headers);
    if (response.statusCode() / 100 != 2) {
      throw new NotifyException(
          "webhook "
              + endpoint
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + response.body());
    }
  }
}
