package dev.dewy.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.notify.RecordingHttpServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A webhook receiver for each test: the notifier URL to give a DewyDeployment, and a wait for the
 * notification of a type. Register with {@code @RegisterExtension final WebhookReceiver receiver =
 * new WebhookReceiver();}.
 */
final class WebhookReceiver implements BeforeEachCallback, AfterEachCallback {
  private RecordingHttpServer server;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server = new RecordingHttpServer();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  /** spec.notifier for a DewyDeployment that should notify this receiver. */
  String url() {
    return "webhook://127.0.0.1:" + server.port() + "/hooks";
  }

  /** The first notification of {@code type} received, parsed; fails after {@code timeout}. */
  JsonNode await(String type, Duration timeout) {
    return FlowFixtures.awaitNotification(server, type, timeout);
  }
}
