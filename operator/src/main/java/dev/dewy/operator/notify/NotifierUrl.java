package dev.dewy.operator.notify;

/**
 * spec.notifier parsed into one typed value per scheme, with Dewy's syntax: slack://, mail://,
 * smtp://, webhook:// and webhooks://.
 */
public sealed interface NotifierUrl permits SlackUrl, MailUrl, WebhookUrl {

  /** Dewy's quiet=true: only failures and warnings are sent. */
  boolean quiet();

  /** Parses one notifier URL; the exception message names the wrong part and the fix. */
  static NotifierUrl parse(String raw) throws NotifierConfigException {
    UrlParts parts = UrlParts.split(raw);
    return switch (parts.scheme()) {
      case "slack" -> SlackUrl.from(parts);
      case "mail", "smtp" -> MailUrl.from(parts);
      case "webhook", "webhooks" -> WebhookUrl.from(parts);
      default ->
          throw new NotifierConfigException(
              "spec.notifier: unknown scheme \""
                  + parts.scheme()
                  + "\" (expected slack, mail, smtp, webhook or webhooks)");
    };
  }
}
