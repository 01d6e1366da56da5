package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.Phase;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A volume deploy whose fetch init container refuses the release, through the state machine without
 * a server: the pods say so before any progress deadline, the fetcher's words reach the status, and
 * the previous artifact is put back whatever spec.rollback says.
 */
class FetchFailureMachineTest {
  private static final String NO_EXECUTABLE =
      "no executable in the artifact: web_linux_amd64.tar.gz holds no file with an executable bit";

  private static Optional<Condition> ready(MachineFixture f) {
    return Conditions.find(f.stored.getStatus().getConditions(), "Ready");
  }

  /** v1.0.0 deployed into the volume, then v1.1.0 published and patched in. */
  private static MachineFixture updatingToV110(String extra) {
    MachineFixture f = MachineFixture.volume(extra);
    f.pass();
    f.rolledOut();
    f.pass();
    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(f.artifact()).contains("v1.0.0");
    f.newest = "v1.1.0";
    f.pass();
    assertThat(f.artifact()).contains("v1.1.0");
    return f;
  }

  @Test
  void aRefusedReleaseIsReportedInTheFetchersWordsAndThePreviousArtifactPutBack() {
    MachineFixture f = updatingToV110("");
    f.fetchPod(1, NO_EXECUTABLE + "\n");

    var refused = f.pass();

    assertThat(refused.writes()).containsExactly("status RollingBack", "patch Deployment/web");
    assertThat(f.artifact()).as("under rollback: none too").contains("v1.0.0");
    assertThat(f.stored.getStatus().getRollout().getFailure())
        .isEqualTo(
            "its rollout failed: the dewy-fetch init container of pod web-v1-1-0 could not put"
                + " v1.1.0 into volume app: "
                + NO_EXECUTABLE
                + "; publish a release the fetcher accepts as a newer version (or fix this one and"
                + " annotate dewy.dev/retry) (FetchFailed)");

    f.rolledOut();
    f.pass();

    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(f.stored.getStatus().getHistory().get(0).getResult())
        .isEqualTo(DeployResult.RolledBack);
    assertThat(ready(f).orElseThrow().getMessage())
        .startsWith("v1.1.0 was rolled back to v1.0.0: its rollout failed: the dewy-fetch")
        .contains(NO_EXECUTABLE);
  }

  @Test
  void aFetchWithoutATerminationMessageSaysHowItEnded() {
    MachineFixture f = updatingToV110("");
    f.fetchPod(137, null);

    f.pass();

    assertThat(f.stored.getStatus().getRollout().getFailure())
        .contains("could not put v1.1.0 into volume app: it exited with code 137 (Error)");
  }

  @Test
  void aRunningFetchIsWaitedForAndLookedAtAgainSoon() {
    MachineFixture f = updatingToV110("");
    f.fetchPod(null, null);

    var waiting = f.pass();

    assertThat(waiting.writes()).isEmpty();
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Updating);
    assertThat(waiting.after()).contains(FetchFailures.CHECK_PERIOD);
  }

  @Test
  void aFailedFetchOfThePreviousVersionIsNotThisAttempts() {
    MachineFixture f = MachineFixture.volume("");
    f.pass();
    f.rolledOut();
    f.pass();
    f.fetchPod(1, "checksum mismatch: an old pod's failure");
    f.newest = "v1.1.0";
    f.pass();

    var next = f.pass();

    assertThat(next.writes()).isEmpty();
    assertThat(f.artifact()).contains("v1.1.0");
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Updating);
  }
}
