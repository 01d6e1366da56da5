package dev.dewy.sandbox.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kubelet's rules for a container's termination message: the file, or the log tail on error. */
public final class TerminationMessage {

  static final int MAX_FILE_BYTES = 4096;
  static final int MAX_LOG_BYTES = 2048;
  static final int MAX_LOG_LINES = 80;

  private TerminationMessage() {}

  /** At most the first 4096 bytes of the file the container wrote; empty if none. */
  public static String fromFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(MAX_FILE_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last 80 lines of the log, at most 2048 bytes, as FallbackToLogsOnError reports. */
  public static String fromLogTail(String log) {
    String[] lines = log.split("\n", -1);
    int lineCount = log.endsWith("\n") ? lines.length - 1 : lines.length;
    int from = Math.max(0, lineCount - MAX_LOG_LINES);
    String tail = String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    byte[] bytes = tail.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_LOG_BYTES) {
      return tail;
    }
    return new String(bytes, bytes.length - MAX_LOG_BYTES, MAX_LOG_BYTES, StandardCharsets.UTF_8);
  }

  /** The message kubelet would report for a container that ended with {@code exitCode}. */
  public static String of(Path file, String policy, int exitCode, String log) {
    String message = fromFile(file);
    if (message.isEmpty() && exitCode != 0 && "FallbackToLogsOnError".equals(policy)) {
      return fromLogTail(log);
    }
    return message;
  }
}
