package dev.dewy.operator.notify;

/** A channel could not deliver a notification; the dispatcher logs and counts it. */
public class NotifyException extends Exception {
  public NotifyException(String message) {
    super(message);
  }

  public NotifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
