package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookResult;

/** One-line accounts of how a hook ended, for condition messages, events and notifications. */
final class Failures {
  private static final int MAX_STDERR = 300;

  private Failures() {}

  /** E.g. {@code exit code 3 after 1.2s: "database is locked"}. */
  static String describe(HookResult result) {
    StringBuilder text = new StringBuilder();
    if (result.getReason() != null) {
      text.append(result.getReason());
      if (result.getExitCode() != null) {
        text.append(", exit code ").append(result.getExitCode());
      }
    } else if (result.getExitCode() != null) {
      text.append("exit code ").append(result.getExitCode());
    } else {
      text.append(Boolean.TRUE.equals(result.getSucceeded()) ? "succeeded" : "failed");
    }
    if (result.getDuration() != null) {
      text.append(" after ").append(result.getDuration());
    }
    String stderr = lastLines(result.getStderr());
    if (!Boolean.TRUE.equals(result.getSucceeded()) && !stderr.isEmpty()) {
      text.append(": \"").append(stderr).append('"');
    }
    return text.toString();
  }

  /** The end of stderr, on one line: where a failing command says why. */
  static String lastLines(String stderr) {
    if (stderr == null) {
      return "";
    }
    String trimmed = stderr.strip().replaceAll("\\s*\\n\\s*", " | ");
    return trimmed.length() <= MAX_STDERR
        ? trimmed
        : "…" + trimmed.substring(trimmed.length() - MAX_STDERR + 1);
  }
}
