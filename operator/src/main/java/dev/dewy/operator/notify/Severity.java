package dev.dewy.operator.notify;

/** How much a notification needs a person's attention; picks colours and what quiet mode keeps. */
public enum Severity {
  SUCCESS,
  WARNING,
  FAILURE;

  /** Lower-case name, as it appears in webhook payloads. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
