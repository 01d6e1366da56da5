package dev.dewy.operator.notify;

import java.time.Duration;
import java.util.Map;

/** Builds a channel from a notifier URL and Secret data, as the reconciler will. */
final class TestChannels {
  private TestChannels() {}

  static Notifier create(String url, Map<String, String> secret) throws Exception {
    return NotifierChannels.create(
        NotifierUrl.parse(url),
        secret,
        "dewy-notify",
        new ChannelSettings(SlackNotifier.DEFAULT_API, Duration.ofMinutes(1)));
  }
}
