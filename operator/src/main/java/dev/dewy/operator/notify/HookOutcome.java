package dev.dewy.operator.notify;

/**
 * What one hook run produced, as Dewy records it: command, exit code, Go-style duration and the
 * captured output.
 */
public record HookOutcome(
    String command,
    int exitCode,
    String duration,
    String stdout,
    String stderr,
    boolean succeeded,
    String jobName) {

  public HookOutcome {
    command = command == null ? "" : command;
    duration = duration == null ? "" : duration;
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    jobName = jobName == null ? "" : jobName;
  }
}
