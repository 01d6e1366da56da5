package dev.dewy.operator.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** POSTs a JSON body with a deadline, for the HTTP channels (Slack and webhooks). */
final class JsonPost {
  // One client for every channel: each HttpClient owns a selector thread.
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final Duration timeout;

  JsonPost(Duration timeout) {
    this.timeout = timeout;
  }

  /** Sends the body; returns the response, or throws when the server could not be reached. */
  HttpResponse<String> send(URI uri, byte[] body, Map<String, String> headers)
      throws NotifyException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "dewy-operator")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      return CLIENT.send(
          request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NotifyException("POST " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotifyException("POST " + uri + " interrupted", e);
    }
  }
}
