package dev.dewy.operator.notify;

/** One notification channel (Slack, mail, webhook): delivers one notification or says why not. */
public interface Notifier {
  void send(Notification notification) throws NotifyException;
}
