package dev.dewy.operator.notify;

import java.util.Set;

/** slack://CHANNEL?title=&url=: the channel (without "#"), the title and its link. */
public record SlackUrl(String channel, String title, String titleUrl, boolean quiet)
    implements NotifierUrl {

  static SlackUrl from(UrlParts parts) throws NotifierConfigException {
    parts.requireKnownOptions(Set.of("title", "url", "quiet"), "title, url or quiet");
    String channel = parts.authority() + parts.path();
    if (channel.startsWith("#")) {
      channel = channel.substring(1);
    }
    if (channel.isEmpty()) {
      throw new NotifierConfigException(
          UrlParts.FIELD + "slack:// needs a channel, as slack://CHANNEL");
    }
    if (channel.chars().anyMatch(Character::isWhitespace)) {
      throw new NotifierConfigException(
          UrlParts.FIELD
              + "slack:// channel \""
              + channel
              + "\" contains a space (Slack channel names have none)");
    }
    if (channel.contains("/")) {
      throw new NotifierConfigException(
          UrlParts.FIELD
              + "slack:// channel \""
              + channel
              + "\" has a \"/\" (expected one channel name, as slack://CHANNEL)");
    }
    return new SlackUrl(channel, parts.option("title"), parts.option("url"), parts.quiet());
  }
}
