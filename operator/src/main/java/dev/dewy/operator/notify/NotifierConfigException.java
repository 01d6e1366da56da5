package dev.dewy.operator.notify;

/**
 * spec.notifier or spec.notifierSecret is wrong; the message names the field and the fix, ready for
 * a Stalled condition or an Event.
 */
public class NotifierConfigException extends Exception {
  public NotifierConfigException(String message) {
    super(message);
  }
}
