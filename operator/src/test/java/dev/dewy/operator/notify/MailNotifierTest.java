package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MailNotifierTest {
  private static final int PORT = freePort();

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("dewy@example.com", "s3cr3t"));

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Notifier mail(String query, Map<String, String> secret) throws Exception {
    return TestChannels.create(
        "mail://127.0.0.1:" + PORT + "/ops@example.com,dev@example.com" + query, secret);
  }

  @Test
  void failedBeforeHookMailHasSubjectExitCodeAndStderr() throws Exception {
    // given: a notifier that logs in as MAIL_USERNAME, who is also the sender
    Notifier notifier =
        mail("", Map.of("MAIL_USERNAME", "dewy@example.com", "MAIL_PASSWORD", "s3cr3t"));

    // when
    notifier.send(Notifications.failedBeforeHook());

    // then: both recipients get one plain-text mail
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2);
    MimeMessage mail = received[0];
    assertThat(mail.getSubject())
        .isEqualTo("[dewy] shop/myapp before-deploy hook FAILED for v1.5.0");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("dewy@example.com");
    assertThat(mail.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("ops@example.com", "dev@example.com");
    assertThat(mail.getContentType()).startsWith("text/plain");
    String body = GreenMailUtil.getBody(mail).replace("\r\n", "\n");
    assertThat(body)
        .contains("before-deploy hook exited 3; deploy aborted")
        .contains("Exit code: 3")
        .contains("Duration: 2.5s")
        .contains("STDERR:\npre-check: database not reachable");
  }

  @Test
  void subjectOptionReplacesThePrefixAndFromOptionTheSender() throws Exception {
    Notifier notifier =
        mail(
            "?from=alerts@example.com&subject=%5Bshop-prod%5D",
            Map.of("MAIL_USERNAME", "dewy@example.com", "MAIL_PASSWORD", "s3cr3t"));

    notifier.send(Notifications.failedAfterHook());

    MimeMessage mail = SMTP.getReceivedMessages()[0];
    assertThat(mail.getSubject())
        .isEqualTo("[shop-prod] shop/myapp after-deploy hook FAILED for v1.5.0");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("alerts@example.com");
  }

  @Test
  void wrongPasswordIsRejectedByTheServerAndReportedAsFailure() throws Exception {
    Notifier notifier =
        mail("", Map.of("MAIL_USERNAME", "dewy@example.com", "MAIL_PASSWORD", "wrong"));

    assertThatThrownBy(() -> notifier.send(Notifications.failedBeforeHook()))
        .isInstanceOf(NotifyException.class)
        .hasMessageStartingWith(
            "mail to ops@example.com,dev@example.com via 127.0.0.1:" + PORT + " failed:");
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }
}
