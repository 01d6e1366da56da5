package dev.dewy.operator.notify;

import java.net.URI;
import java.time.Duration;

/** Where channels reach their services and how long one attempt may take. */
public record ChannelSettings(URI slackApi, Duration timeout) {
  public static ChannelSettings defaults() {
    return new ChannelSettings(SlackNotifier.DEFAULT_API, Duration.ofSeconds(10));
  }
}
