package dev.dewy.operator.notify;

/**
 * Caps a hook's stdout or stderr the way Dewy caps it for Slack (50 lines or 2,000 characters,
 * whichever is smaller), but keeps the end, where the error usually is, and says what was cut.
 */
public final class OutputTail {
  public static final int MAX_LINES = 50;
  public static final int MAX_CHARS = 2_000;

  private OutputTail() {}

  public static String of(String output) {
    if (output == null || output.isEmpty()) {
      return "";
    }
    String text = output.endsWith("\n") ? output.substring(0, output.length() - 1) : output;
    String[] lines = text.split("\n", -1);
    int droppedLines = Math.max(0, lines.length - MAX_LINES);
    String kept =
        String.join("\n", java.util.Arrays.copyOfRange(lines, droppedLines, lines.length));
    if (kept.length() > MAX_CHARS) {
      int cut = kept.length() - MAX_CHARS;
      int nextLine = kept.indexOf('\n', cut);
      // Prefer starting on a whole line, unless the only line left is the overlong one.
      if (nextLine >= 0 && nextLine < kept.length() - 1) {
        cut = nextLine + 1;
      }
      kept = kept.substring(cut);
      return "... (" + (text.length() - kept.length()) + " earlier characters truncated)\n" + kept;
    }
    if (droppedLines > 0) {
      return "... (" + droppedLines + " earlier lines truncated)\n" + kept;
    }
    return kept;
  }
}
