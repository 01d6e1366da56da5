package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotifierUrlTest {

  @Test
  void slackUrlGivesChannelTitleAndLink() throws Exception {
    NotifierUrl url =
        NotifierUrl.parse("slack://ops-alerts?title=myapp&url=https://ci.example.com/myapp");

    assertThat(url)
        .isEqualTo(new SlackUrl("ops-alerts", "myapp", "https://ci.example.com/myapp", false));
  }

  @Test
  void slackChannelMayBeWrittenWithHash() throws Exception {
    assertThat(NotifierUrl.parse("slack://#ops-alerts"))
        .isEqualTo(new SlackUrl("ops-alerts", "", "", false));
  }

  @Test
  void quietTrueIsReadOnEveryScheme() throws Exception {
    assertThat(NotifierUrl.parse("slack://ops?quiet=true").quiet()).isTrue();
    assertThat(NotifierUrl.parse("mail://smtp.example.com/ops@example.com?quiet=true").quiet())
        .isTrue();
    assertThat(NotifierUrl.parse("webhooks://hooks.example.com/dewy?quiet=1").quiet()).isTrue();
    assertThat(NotifierUrl.parse("slack://ops").quiet()).isFalse();
  }

  @Test
  void mailUrlGivesServerRecipientsSenderAndSubject() throws Exception {
    NotifierUrl url =
        NotifierUrl.parse(
            "mail://smtp.example.com:2525/ops@example.com, dev@example.com"
                + "?from=dewy@example.com&subject=%5Bshop%5D");

    assertThat(url)
        .isEqualTo(
            new MailUrl(
                "smtp.example.com",
                2525,
                List.of("ops@example.com", "dev@example.com"),
                "dewy@example.com",
                "[shop]",
                false));
  }

  @Test
  void smtpSchemeIsMailWithPort587ByDefault() throws Exception {
    assertThat(NotifierUrl.parse("smtp://smtp.example.com/ops@example.com"))
        .isEqualTo(new MailUrl("smtp.example.com", 587, List.of("ops@example.com"), "", "", false));
  }

  @Test
  void webhookIsPlainHttpAndNamesTheSigningKey() throws Exception {
    assertThat(
            NotifierUrl.parse(
                "webhook://hooks.example.com:8080/dewy/events?secret-key=WEBHOOK_SECRET"))
        .isEqualTo(
            new WebhookUrl(
                URI.create("http://hooks.example.com:8080/dewy/events"), "WEBHOOK_SECRET", false));
  }

  @Test
  void webhooksIsHttpsAndSecretIsAnAliasOfSecretKey() throws Exception {
    assertThat(NotifierUrl.parse("webhooks://hooks.example.com/dewy?secret=HMAC"))
        .isEqualTo(new WebhookUrl(URI.create("https://hooks.example.com/dewy"), "HMAC", false));
  }

  @Test
  void webhookWithoutPathPostsToRoot() throws Exception {
    assertThat(((WebhookUrl) NotifierUrl.parse("webhook://127.0.0.1:9000")).endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:9000/"));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "",
            "spec.notifier: is empty (expected a URL such as slack://CHANNEL or"
                + " mail://HOST:PORT/TO)"),
        Arguments.of(
            "ops-alerts",
            "spec.notifier: \"ops-alerts\" has no scheme (expected slack://, mail://, smtp://,"
                + " webhook:// or webhooks://)"),
        Arguments.of(
            "slak://ops",
            "spec.notifier: unknown scheme \"slak\" (expected slack, mail, smtp, webhook or"
                + " webhooks)"),
        Arguments.of(
            "slack://ops,mail://smtp.example.com/ops@example.com",
            "spec.notifier: holds more than one URL; Dewy takes one notifier (keep one, as"
                + " slack://CHANNEL)"),
        Arguments.of(
            "slack://ops alerts",
            "spec.notifier: slack:// channel \"ops alerts\" contains a space (Slack channel names"
                + " have none)"),
        Arguments.of("slack://", "spec.notifier: slack:// needs a channel, as slack://CHANNEL"),
        Arguments.of("slack://#", "spec.notifier: slack:// needs a channel, as slack://CHANNEL"),
        Arguments.of(
            "slack://ops/alerts",
            "spec.notifier: slack:// channel \"ops/alerts\" has a \"/\" (expected one channel"
                + " name, as slack://CHANNEL)"),
        Arguments.of(
            "slack://ops?titel=myapp",
            "spec.notifier: unknown option \"titel\" for slack:// (expected title, url or quiet)"),
        Arguments.of(
            "slack://ops?quiet=yes",
            "spec.notifier: quiet \"yes\" is not true or false (write quiet=true)"),
        Arguments.of(
            "slack://ops?title=a&title=b",
            "spec.notifier: option \"title\" is given twice (give it once)"),
        Arguments.of(
            "slack://ops?title=100%zz",
            "spec.notifier: \"100%zz\" has a broken %-escape (write %25 for a literal %)"),
        Arguments.of(
            "mail://smtp.example.com:x/ops@example.com",
            "spec.notifier: mail:// port \"x\" is not a number"),
        Arguments.of(
            "mail://smtp.example.com:70000/ops@example.com",
            "spec.notifier: mail:// port 70000 is out of range (expected 1 to 65535)"),
        Arguments.of(
            "mail://:587/ops@example.com",
            "spec.notifier: mail:// needs a host, as mail://HOST:PORT/TO"),
        Arguments.of(
            "smtp://smtp.example.com:587",
            "spec.notifier: smtp:// needs a recipient, as smtp://HOST:PORT/TO"),
        Arguments.of(
            "mail://smtp.example.com/ops",
            "spec.notifier: mail:// recipient \"ops\" is not an email address"),
        Arguments.of(
            "mail://smtp.example.com/ops@example.com?from=dewy",
            "spec.notifier: mail:// from \"dewy\" is not an email address"),
        Arguments.of(
            "mail://user@smtp.example.com/ops@example.com",
            "spec.notifier: mail:// host \"user@smtp.example.com\" has an \"@\"; put credentials"
                + " in spec.notifierSecret, not in the URL"),
        Arguments.of(
            "mail://smtp.example.com/ops@example.com?cc=dev@example.com",
            "spec.notifier: unknown option \"cc\" for mail:// (expected from, subject or quiet)"),
        Arguments.of(
            "webhook:///events",
            "spec.notifier: webhook:// needs a host, as webhook://HOST[:PORT]/PATH"),
        Arguments.of(
            "webhooks://hooks.example.com:abc/dewy",
            "spec.notifier: webhooks:// port \"abc\" is not a number"),
        Arguments.of(
            "webhook://hooks.example.com/dewy?secret-key=",
            "spec.notifier: webhook:// secret-key needs the name of a key in"
                + " spec.notifierSecret, as secret-key=WEBHOOK_SECRET"),
        Arguments.of(
            "webhook://hooks.example.com/dewy?secret=A&secret-key=B",
            "spec.notifier: give secret-key or secret, not both (they are the same option)"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void malformedUrlIsRejectedWithAMessageNamingThePartAndTheFix(String raw, String message) {
    assertThatThrownBy(() -> NotifierUrl.parse(raw))
        .isInstanceOf(NotifierConfigException.class)
        .hasMessage(message);
  }
}
