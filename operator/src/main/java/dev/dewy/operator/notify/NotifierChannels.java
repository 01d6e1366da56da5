package dev.dewy.operator.notify;

import java.util.Map;

/**
 * Turns a parsed spec.notifier and the data of spec.notifierSecret into a ready channel, or a
 * configuration error naming the missing key; nothing here talks to a server.
 */
public final class NotifierChannels {
  public static final String SLACK_TOKEN = "SLACK_TOKEN";
  public static final String MAIL_USERNAME = "MAIL_USERNAME";
  public static final String MAIL_PASSWORD = "MAIL_PASSWORD";
  public static final String MAIL_FROM = "MAIL_FROM";

  private NotifierChannels() {}

  /**
   * @param secret the Secret's data, decoded; empty when spec.notifierSecret is not set
   * @param secretName spec.notifierSecret, used in messages; "" when not set
   */
  public static Notifier create(
      NotifierUrl url, Map<String, String> secret, String secretName, ChannelSettings settings)
      throws NotifierConfigException {
    SecretKeys keys = new SecretKeys(secret, secretName);
    if (url instanceof SlackUrl slack) {
      return new SlackNotifier(
          slack,
          keys.require(SLACK_TOKEN, "slack:// needs a bot token"),
          settings.slackApi(),
          settings.timeout());
    }
    if (url instanceof MailUrl mail) {
      return mail(mail, keys, settings);
    }
    WebhookUrl webhook = (WebhookUrl) url;
    String signingKey =
        webhook.secretKey().isEmpty()
            ? ""
            : keys.require(
                webhook.secretKey(), "spec.notifier names it with secret-key= as the HMAC key");
    return new WebhookNotifier(webhook.endpoint(), signingKey, settings.timeout());
  }

  private static Notifier mail(MailUrl mail, SecretKeys keys, ChannelSettings settings)
      throws NotifierConfigException {
    String username = keys.optional(MAIL_USERNAME);
    String password = keys.optional(MAIL_PASSWORD);
    if (username.isEmpty() && !password.isEmpty()) {
      keys.require(MAIL_USERNAME, "MAIL_PASSWORD is set; the SMTP login needs both");
    }
    if (!username.isEmpty() && password.isEmpty()) {
      keys.require(MAIL_PASSWORD, "MAIL_USERNAME is set; the SMTP login needs both");
    }
    String from = sender(mail, keys.optional(MAIL_FROM), username);
    return new MailNotifier(mail, from, username, password, settings.timeout());
  }

  /** As Dewy: ?from=, else MAIL_FROM, else MAIL_USERNAME when it is an address. */
  private static String sender(MailUrl mail, String mailFrom, String username)
      throws NotifierConfigException {
    if (!mail.from().isEmpty()) {
      return mail.from();
    }
    if (!mailFrom.isEmpty()) {
      return mailFrom;
    }
    if (MailUrl.ADDRESS.matcher(username).matches()) {
      return username;
    }
    throw new NotifierConfigException(
        "spec.notifier: mail:// needs a sender address: add ?from=ADDRESS, or put MAIL_FROM (or"
            + " an address as MAIL_USERNAME) in spec.notifierSecret");
  }

  /** Reads keys of spec.notifierSecret, with messages that name the Secret and the key. */
  private record SecretKeys(Map<String, String> data, String secretName) {
    SecretKeys {
      data = data == null ? Map.of() : data;
      secretName = secretName == null ? "" : secretName;
    }

    String optional(String key) {
      String value = data.get(key);
      return value == null ? "" : value.strip();
    }

    String require(String key, String why) throws NotifierConfigException {
      String value = optional(key);
      if (!value.isEmpty()) {
        return value;
      }
      if (secretName.isEmpty()) {
        throw new NotifierConfigException(
            "spec.notifierSecret: is not set, but key "
                + key
                + " is needed ("
                + why
                + "); name a Secret that holds it");
      }
      throw new NotifierConfigException(
          "spec.notifierSecret: key "
              + key
              + " is missing from Secret \""
              + secretName
              + "\" ("
              + why
              + ")");
    }
  }
}
