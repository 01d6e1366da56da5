package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierChannelsTest {
  private static final ChannelSettings SETTINGS = ChannelSettings.defaults();

  private static Notifier create(String url, Map<String, String> secret) throws Exception {
    return TestChannels.create(url, secret);
  }

  @Test
  void slackWithTokenGivesSlackChannel() throws Exception {
    assertThat(create("slack://ops", Map.of("SLACK_TOKEN", "xoxb-1")))
        .isInstanceOf(SlackNotifier.class);
  }

  @Test
  void slackWithoutTokenNamesTheMissingKeyAndTheSecret() {
    assertThatThrownBy(() -> create("slack://ops", Map.of("MAIL_USERNAME", "x")))
        .isInstanceOf(NotifierConfigException.class)
        .hasMessage(
            "spec.notifierSecret: key SLACK_TOKEN is missing from Secret \"dewy-notify\""
                + " (slack:// needs a bot token)");
  }

  @Test
  void slackWithoutAnySecretSaysToNameOne() {
    assertThatThrownBy(
            () -> NotifierChannels.create(NotifierUrl.parse("slack://ops"), Map.of(), "", SETTINGS))
        .hasMessage(
            "spec.notifierSecret: is not set, but key SLACK_TOKEN is needed (slack:// needs a"
                + " bot token); name a Secret that holds it");
  }

  @Test
  void webhookSigningKeyMustBeInTheSecret() {
    assertThatThrownBy(() -> create("webhook://127.0.0.1:9/x?secret-key=WEBHOOK_SECRET", Map.of()))
        .hasMessage(
            "spec.notifierSecret: key WEBHOOK_SECRET is missing from Secret \"dewy-notify\""
                + " (spec.notifier names it with secret-key= as the HMAC key)");
  }

  @Test
  void unsignedWebhookNeedsNoSecret() throws Exception {
    assertThat(
            NotifierChannels.create(
                NotifierUrl.parse("webhook://127.0.0.1:9/x"), null, null, SETTINGS))
        .isInstanceOf(WebhookNotifier.class);
  }

  @Test
  void mailSenderDefaultsToMailUsernameWhenItIsAnAddress() throws Exception {
    assertThat(
            create(
                "mail://smtp.example.com/ops@example.com",
                Map.of("MAIL_USERNAME", "dewy@example.com", "MAIL_PASSWORD", "pw")))
        .isInstanceOf(MailNotifier.class);
  }

  @Test
  void mailWithoutAnySenderSaysWhereToPutOne() {
    assertThatThrownBy(
            () ->
                create(
                    "mail://smtp.example.com/ops@example.com",
                    Map.of("MAIL_USERNAME", "dewy", "MAIL_PASSWORD", "pw")))
        .hasMessage(
            "spec.notifier: mail:// needs a sender address: add ?from=ADDRESS, or put MAIL_FROM"
                + " (or an address as MAIL_USERNAME) in spec.notifierSecret");
  }

  @Test
  void mailPasswordWithoutUsernameIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                create(
                    "mail://smtp.example.com/ops@example.com?from=dewy@example.com",
                    Map.of("MAIL_PASSWORD", "pw")))
        .hasMessage(
            "spec.notifierSecret: key MAIL_USERNAME is missing from Secret \"dewy-notify\""
                + " (MAIL_PASSWORD is set; the SMTP login needs both)");
  }

  @Test
  void mailWithoutCredentialsSendsWithoutLogin() throws Exception {
    assertThat(create("mail://smtp.example.com/ops@example.com?from=dewy@example.com", Map.of()))
        .isInstanceOf(MailNotifier.class);
  }
}
