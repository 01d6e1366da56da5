package dev.dewy.operator.cli;

/** A refusal the plugin prints as {@code error: MESSAGE} and exits 1 for, as kubectl does. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
