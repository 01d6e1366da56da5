package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookResult;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The log line of one hook run, with Dewy's message and field names ({@code command}, {@code
 * stdout}, {@code stderr}, {@code exit_code}, {@code duration}) plus which resource it was for.
 */
public final class HookLogLine {
  public static final String SUCCESS = "Execute hook success";
  public static final String FAILURE = "Execute hook failure";

  private HookLogLine() {}

  /** Logs {@code result} at INFO when it succeeded, ERROR when it did not. */
  public static void log(
      Logger log, String namespace, String name, HookKind hook, HookResult result) {
    boolean succeeded = Boolean.TRUE.equals(result.getSucceeded());
    LoggingEventBuilder line =
        (succeeded ? log.atInfo() : log.atError())
            .setMessage(succeeded ? SUCCESS : FAILURE)
            .addKeyValue("command", result.getCommand())
            .addKeyValue("stdout", orEmpty(result.getStdout()))
            .addKeyValue("stderr", orEmpty(result.getStderr()))
            .addKeyValue("exit_code", result.getExitCode())
            .addKeyValue("duration", result.getDuration())
            .addKeyValue("namespace", namespace)
            .addKeyValue("name", name)
            .addKeyValue("hook", hook.label())
            .addKeyValue("version", result.getVersion());
    if (result.getReason() != null) {
      line = line.addKeyValue("reason", result.getReason());
    }
    if (result.getJobName() != null) {
      line = line.addKeyValue("job", result.getJobName());
    }
    line.log();
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
