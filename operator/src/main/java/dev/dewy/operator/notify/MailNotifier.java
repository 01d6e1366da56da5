package dev.dewy.operator.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Sends plain-text mail over SMTP, upgrading to TLS when the server offers STARTTLS and logging in
 * when a username is configured.
 */
public final class MailNotifier implements Notifier {
  public static final String DEFAULT_SUBJECT_PREFIX = "[dewy]";

  private final MailUrl url;
  private final String from;
  private final String username;
  private final String password;
  private final Session session;

  /** username "" sends without AUTH; from must already be resolved (see NotifierChannels). */
  public MailNotifier(
      MailUrl url, String from, String username, String password, Duration timeout) {
    this.url = url;
    this.from = from;
    this.username = username == null ? "" : username;
    this.password = password == null ? "" : password;
    this.session = Session.getInstance(properties(url, !this.username.isEmpty(), timeout));
  }

  private static Properties properties(MailUrl url, boolean auth, Duration timeout) {
    String millis = Long.toString(timeout.toMillis());
    Properties props = new Properties();
    props.put("mail.smtp.host", url.host());
    props.put("mail.smtp.port", Integer.toString(url.port()));
    props.put("mail.smtp.starttls.enable", "true");
    props.put("mail.smtp.starttls.required", "false");
    props.put("mail.smtp.auth", Boolean.toString(auth));
    props.put("mail.smtp.connectiontimeout", millis);
    props.put("mail.smtp.timeout", millis);
    props.put("mail.smtp.writetimeout", millis);
    return props;
  }

  /** "[dewy] shop/myapp before-deploy hook FAILED for v1.5.0"; ?subject= replaces "[dewy]". */
  public static String subject(MailUrl url, Notification n) {
    String prefix = url.subject().isEmpty() ? DEFAULT_SUBJECT_PREFIX : url.subject();
    return prefix + " " + NotificationText.headline(n);
  }

  @Override
  public void send(Notification notification) throws NotifyException {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(from));
      for (String to : url.to()) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      message.setSubject(subject(url, notification), StandardCharsets.UTF_8.name());
      message.setText(NotificationText.plainBody(notification), StandardCharsets.UTF_8.name());
      message.setSentDate(Date.from(notification.time()));
      if (username.isEmpty()) {
        Transport.send(message);
      } else {
        Transport.send(message, username, password);
      }
    } catch (MessagingException e) {
      throw new NotifyException(
          "mail to "
              + String.join(",", url.to())
              + " via "
              + url.host()
              + ":"
              + url.port()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }
}
