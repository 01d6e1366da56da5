package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NotificationTextTest {

  @Test
  void failedBeforeHookIsAFailureAndFailedAfterHookAWarning() {
    assertThat(Notifications.failedBeforeHook().severity()).isEqualTo(Severity.FAILURE);
    assertThat(Notifications.failedAfterHook().severity()).isEqualTo(Severity.WARNING);
    assertThat(Notifications.of(EventType.DEPLOY_SUCCEEDED, "").severity())
        .isEqualTo(Severity.SUCCESS);
  }

  @Test
  void headlineSaysWhichHookFailedForWhichVersion() {
    assertThat(NotificationText.headline(Notifications.failedBeforeHook()))
        .isEqualTo("shop/myapp before-deploy hook FAILED for v1.5.0");
    assertThat(NotificationText.headline(Notifications.of(EventType.DEPLOY_STARTED, "")))
        .isEqualTo("shop/myapp deploy of v1.5.0 started (from v1.4.0)");
  }

  @Test
  void plainBodyHoldsExitCodeDurationAndStderr() {
    String body = NotificationText.plainBody(Notifications.failedBeforeHook());

    assertThat(body)
        .contains("Command: scripts/pre-check.sh")
        .contains("Exit code: 3")
        .contains("Duration: 2.5s")
        .contains("STDERR:\npre-check: database not reachable")
        .contains("STDOUT:\nchecking database");
  }

  @Test
  void shortOutputIsKeptWhole() {
    assertThat(OutputTail.of("one\ntwo\n")).isEqualTo("one\ntwo");
  }

  @Test
  void longOutputKeepsTheLastFiftyLinesAndSaysHowManyWereCut() {
    String output =
        IntStream.rangeClosed(1, 80).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));

    String tail = OutputTail.of(output);

    assertThat(tail).startsWith("... (30 earlier lines truncated)\nline 31\n").endsWith("line 80");
    assertThat(tail.lines()).hasSize(51);
  }

  @Test
  void wideOutputKeepsTheLastTwoThousandCharactersFromALineStart() {
    String output =
        IntStream.rangeClosed(1, 30)
            .mapToObj(i -> i + ":" + "x".repeat(98))
            .collect(Collectors.joining("\n"));

    String tail = OutputTail.of(output);

    String kept = tail.substring(tail.indexOf('\n') + 1);
    assertThat(kept.length()).isLessThanOrEqualTo(OutputTail.MAX_CHARS);
    assertThat(kept).startsWith("12:").endsWith("30:" + "x".repeat(98));
    assertThat(tail)
        .startsWith("... (" + (output.length() - kept.length()) + " earlier characters truncated)");
  }
}
