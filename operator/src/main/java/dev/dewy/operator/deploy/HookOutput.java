package dev.dewy.operator.deploy;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * What a hook's wrapper left in its termination message: exit code, timings and the tails of stdout
 * and stderr. A missing or garbled message yields an empty result with a reason, because a pod
 * killed at its deadline never gets to write one.
 *
 * @param present whether a readable document was found
 * @param problem why not, when it was not; or why the output is missing from one that was
 * @param signal the signal that stopped the hook (TERM at the Job's deadline), if one did
 */
public record HookOutput(
    boolean present,
    String problem,
    Integer exitCode,
    String stdout,
    String stderr,
    long stdoutBytes,
    long stderrBytes,
    Instant startedAt,
    Instant finishedAt,
    String signal) {

  /** Reads the wrapper's document; never throws. */
  public static HookOutput parse(String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      return missing("the hook left no termination message (killed before it finished?)");
    }
    String[] lines = terminationMessage.split("\n");
    if (!lines[0].strip().equals(HookScript.FORMAT)) {
      return missing("the termination message is not a " + HookScript.FORMAT + " document");
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int eq = lines[i].indexOf('=');
      if (eq > 0) {
        fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1).strip());
      }
    }
    try {
      boolean hex = "hex".equals(fields.get("encoding"));
      long stdoutBytes = number(fields, "stdout_bytes", 0L);
      long stderrBytes = number(fields, "stderr_bytes", 0L);
      Long exit = number(fields, "exit", null);
      boolean nanos = "ns".equals(fields.get("clock"));
      return new HookOutput(
          true,
          "none".equals(fields.get("capture"))
              ? "the hook's output was not captured (no writable directory for the wrapper)"
              : null,
          exit == null ? null : exit.intValue(),
          tail(decode(fields.get("stdout_tail"), hex), stdoutBytes),
          tail(decode(fields.get("stderr_tail"), hex), stderrBytes),
          stdoutBytes,
          stderrBytes,
          instant(number(fields, "start", null), nanos),
          instant(number(fields, "finish", null), nanos),
          fields.get("signal"));
    } catch (IllegalArgumentException e) {
      return missing("the termination message is garbled: " + e.getMessage());
    }
  }

  /** The exit code, if the document had one. */
  public Optional<Integer> exit() {
    return Optional.ofNullable(exitCode);
  }

  private static HookOutput missing(String problem) {
    return new HookOutput(false, problem, null, "", "", 0, 0, null, null, null);
  }

  private static Long number(Map<String, String> fields, String key, Long fallback) {
    String value = fields.get(key);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + value + " is not a number");
    }
  }

  private static Instant instant(Long value, boolean nanos) {
    if (value == null) {
      return null;
    }
    return nanos
        ? Instant.ofEpochSecond(value / 1_000_000_000L, value % 1_000_000_000L)
        : Instant.ofEpochSecond(value);
  }

  private static byte[] decode(String text, boolean hex) {
    if (text == null || text.isEmpty()) {
      return new byte[0];
    }
    if (hex) {
      return HexFormat.of().parseHex(text);
    }
    return Base64.getDecoder().decode(text);
  }

  /** Decodes the tail as UTF-8, marking how much came before it. */
  static String tail(byte[] bytes, long total) {
    int start = 0;
    long dropped = total - bytes.length;
    if (dropped > 0) {
      // The cut may land inside a multi-byte character: skip its continuation bytes.
      while (start < bytes.length && start < 3 && (bytes[start] & 0xC0) == 0x80) {
        start++;
      }
      dropped += start;
    }
    String text = utf8(ByteBuffer.wrap(bytes, start, bytes.length - start));
    return dropped > 0 ? "[\u2026 " + dropped + " earlier bytes truncated]\n" + text : text;
  }

  private static String utf8(ByteBuffer bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(bytes)
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("REPLACE never throws", e);
    }
  }
}
