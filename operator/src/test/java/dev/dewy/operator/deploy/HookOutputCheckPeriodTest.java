package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HookOutputCheckPeriodTest {
  @Test
  void runningHookLogIsReadFourTimesPerTimeoutWithinOneToFifteenSeconds() {
    assertThat(HookRunner.outputCheckPeriod(Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(HookRunner.outputCheckPeriod(Duration.ofSeconds(20)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(HookRunner.outputCheckPeriod(Duration.ofMinutes(10)))
        .isEqualTo(Duration.ofSeconds(15));
  }
}
