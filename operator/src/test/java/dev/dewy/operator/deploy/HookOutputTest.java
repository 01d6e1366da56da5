package dev.dewy.operator.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class HookOutputTest {

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
  }

  @Test
  void givenDocumentWithNanosecondClockWhenParsedThenEverythingIsRead() {
    String doc =
        String.join(
            "\n",
            "dewy-hook/v1",
            "exit=2",
            "clock=ns",
            "start=1710498645123456789",
            "finish=1710498647623456789",
            "encoding=base64",
            "stdout_bytes=6",
            "stderr_bytes=5",
            "stdout_tail=" + b64("hello\n"),
            "stderr_tail=" + b64("oops\n"),
            "");

    HookOutput output = HookOutput.parse(doc);

    assertThat(output.present()).isTrue();
    assertThat(output.exitCode()).isEqualTo(2);
    assertThat(output.stdout()).isEqualTo("hello\n");
    assertThat(output.stderr()).isEqualTo("oops\n");
    assertThat(output.startedAt()).isEqualTo(Instant.parse("2024-03-15T10:30:45.123456789Z"));
    assertThat(output.finishedAt()).isEqualTo(Instant.parse("2024-03-15T10:30:47.623456789Z"));
  }

  @Test
  void givenSecondClockAndHexTailsWhenParsedThenBothAreUnderstood() {
    String doc =
        "dewy-hook/v1\nexit=0\nclock=s\nstart=1710498645\nfinish=1710498646\nencoding=hex\n"
            + "stdout_bytes=3\nstderr_bytes=0\nstdout_tail="
            + HexFormat.of().formatHex("ok\n".getBytes(UTF_8))
            + "\nstderr_tail=\n";

    HookOutput output = HookOutput.parse(doc);

    assertThat(output.stdout()).isEqualTo("ok\n");
    assertThat(output.stderr()).isEmpty();
    assertThat(output.startedAt()).isEqualTo(Instant.parse("2024-03-15T10:30:45Z"));
  }

  @Test
  void givenTruncatedTailStartingMidCharacterWhenParsedThenMarkedAndCleanlyDecoded() {
    byte[] tail = "✓done".getBytes(UTF_8); // ✓ is 3 bytes; keep only its last one
    byte[] cut = java.util.Arrays.copyOfRange(tail, 2, tail.length);
    String doc =
        "dewy-hook/v1\nexit=0\nstdout_bytes=12350\nstderr_bytes=0\nstdout_tail="
            + Base64.getEncoder().encodeToString(cut)
            + "\n";

    HookOutput output = HookOutput.parse(doc);

    assertThat(output.stdout()).isEqualTo("[… 12346 earlier bytes truncated]\ndone");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   \n", "Error: something else wrote here", "dewy-hook/v2\nexit=0"})
  void givenNoDocumentWhenParsedThenEmptyWithReason(String message) {
    HookOutput output = HookOutput.parse(message);

    assertThat(output.present()).isFalse();
    assertThat(output.problem()).isNotBlank();
    assertThat(output.exitCode()).isNull();
    assertThat(output.stdout()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dewy-hook/v1\nexit=zero",
        "dewy-hook/v1\nexit=0\nstdout_tail=!!!not base64!!!",
        "dewy-hook/v1\nexit=0\nencoding=hex\nstdout_tail=xyz",
        "dewy-hook/v1\nstart=12:00"
      })
  void givenGarbledDocumentWhenParsedThenEmptyWithReasonNeverAnException(String message) {
    HookOutput output = HookOutput.parse(message);

    assertThat(output.present()).isFalse();
    assertThat(output.problem()).startsWith("the termination message is garbled");
  }
}
