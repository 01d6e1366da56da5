package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {

  static HistoryEntry entry(String version) {
    HistoryEntry entry = new HistoryEntry();
    entry.setVersion(version);
    return entry;
  }

  @Test
  void givenFullHistoryWhenRecordedThenNewestIsFirstAndOldestFallsOff() {
    List<HistoryEntry> history = new ArrayList<>(List.of(entry("v3"), entry("v2"), entry("v1")));

    List<HistoryEntry> next = History.record(history, entry("v4"), 3);

    assertThat(next).extracting(HistoryEntry::getVersion).containsExactly("v4", "v3", "v2");
  }

  @Test
  void givenNoLimitWhenRecordedThenTenAreKept() {
    List<HistoryEntry> history = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      history = History.record(history, entry("v" + i), null);
    }

    assertThat(history).hasSize(10).first().extracting(HistoryEntry::getVersion).isEqualTo("v14");
    assertThat(History.record(null, entry("v1"), 0)).isEmpty();
  }

  @Test
  void givenAbortedAttemptWhenEnteredThenBeforeHookSummaryIsKeptWithoutOutput() {
    RolloutState attempt = new RolloutState();
    attempt.setVersion("v1.5.0");
    attempt.setPreviousVersion("v1.4.0");
    attempt.setStartedAt("2026-03-15T10:30:00Z");
    HookResult before = new HookResult();
    before.setExitCode(1);
    before.setDuration("2.5s");
    before.setSucceeded(false);
    before.setStdout("long output");

    HistoryEntry entry =
        History.entry(
            attempt,
            DeployResult.Aborted,
            "before-deploy hook exited 1",
            Instant.parse("2026-03-15T10:30:02.789Z"),
            before,
            null);

    assertThat(entry.getVersion()).isEqualTo("v1.5.0");
    assertThat(entry.getPreviousVersion()).isEqualTo("v1.4.0");
    assertThat(entry.getResult()).isEqualTo(DeployResult.Aborted);
    assertThat(entry.getStartedAt()).isEqualTo("2026-03-15T10:30:00Z");
    assertThat(entry.getFinishedAt()).isEqualTo("2026-03-15T10:30:02Z");
    assertThat(entry.getBeforeDeploy().getExitCode()).isEqualTo(1);
    assertThat(entry.getBeforeDeploy().getDuration()).isEqualTo("2.5s");
    assertThat(entry.getAfterDeploy()).isNull();
  }
}
