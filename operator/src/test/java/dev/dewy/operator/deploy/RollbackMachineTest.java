package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.notify.EventType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * spec.rollback, spec.rolloutTimeout and afterDeploy.rollbackOnFailure through the state machine,
 * without a server: what is patched, what status, events, notifications and history say, and that a
 * rolled-back version is not tried again on its own.
 */
class RollbackMachineTest {
  private static final String AUTO =
      "rollback: auto\nhooks: {beforeDeploy: {command: 'true'}, afterDeploy: {command: 'true'}}";

  private static Optional<Condition> condition(MachineFixture f, String type) {
    return Conditions.find(f.stored.getStatus().getConditions(), type);
  }

  private static String ready(MachineFixture f) {
    return condition(f, "Ready").map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  private static String annotation(MachineFixture f) {
    return f.workload()
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("dewy.dev/version");
  }

  /** Deploys v1.1.0 up to its rollout: before hook done, the workload patched. */
  private static MachineFixture updating(String spec) {
    MachineFixture f = MachineFixture.of(spec);
    f.newest = "v1.1.0";
    f.pass();
    f.jobFinished(HookKind.BEFORE_DEPLOY, 0);
    f.pass();
    assertThat(f.image()).endsWith(":v1.1.0");
    return f;
  }

  @Test
  void aRolloutPastItsDeadlineIsRolledBackAndTheAfterHookNeverRuns() {
    MachineFixture f = updating(AUTO);
    f.now = f.now.plusSeconds(30);
    f.progressDeadlineExceeded(f.now);

    var rollingBack = f.pass();

    assertThat(rollingBack.writes()).containsExactly("status RollingBack", "patch Deployment/web");
    assertThat(f.image()).isEqualTo(MachineFixture.REGISTRY + ":v1.0.0");
    assertThat(annotation(f)).isEqualTo("v1.0.0");
    assertThat(ready(f)).isEqualTo("False/RollingBack");
    assertThat(condition(f, "Reconciling").orElseThrow().getReason()).isEqualTo("RollingBack");
    assertThat(rollingBack.events())
        .containsExactly(
            "Warning RollingBack: rolling back v1.1.0 to v1.0.0: its rollout failed: deployment"
                + " \"web\" exceeded its progress deadline (ProgressDeadlineExceeded)");
    assertThat(f.stored.getStatus().getRollout().getFailure())
        .isEqualTo(
            "its rollout failed: deployment \"web\" exceeded its progress deadline"
                + " (ProgressDeadlineExceeded)");
    assertThat(f.pass().writes()).as("the restore rolling out changes nothing").isEmpty();

    f.rolledOut();
    var rolledBack = f.pass();

    assertThat(rolledBack.writes()).containsExactly("status Failed");
    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(s.getRollout()).isNull();
    assertThat(s.getRetry().getRolledBack()).isTrue();
    HistoryEntry entry = s.getHistory().get(0);
    assertThat(entry.getResult()).isEqualTo(DeployResult.RolledBack);
    assertThat(entry.getVersion()).isEqualTo("v1.1.0");
    assertThat(entry.getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(entry.getBeforeDeploy()).isNotNull();
    assertThat(entry.getAfterDeploy()).isNull();
    assertThat(ready(f)).isEqualTo("False/RolledBack");
    assertThat(condition(f, "Ready").orElseThrow().getMessage())
        .isEqualTo(
            "v1.1.0 was rolled back to v1.0.0: its rollout failed: deployment \"web\" exceeded its"
                + " progress deadline (ProgressDeadlineExceeded); v1.1.0 is not tried again until a"
                + " newer version appears or the annotation dewy.dev/retry gets a new value");
    assertThat(condition(f, "Reconciling")).isEmpty();
    assertThat(rolledBack.events()).singleElement().asString().startsWith("Warning RolledBack: ");
    assertThat(rolledBack.notified()).containsExactly(EventType.ROLLED_BACK);
    assertThat(f.cluster.jobs.keySet()).noneMatch(name -> name.contains("after"));
  }

  @Test
  void aRolledBackVersionWaitsForANewerOneOrARetryNotForABackOff() {
    MachineFixture f = updating(AUTO);
    f.progressDeadlineExceeded();
    f.pass();
    f.rolledOut();
    f.pass();

    f.now = f.now.plus(Duration.ofHours(2));
    var later = f.pass();
    assertThat(later.writes())
        .as("past any back-off: no attempt")
        .noneMatch(w -> w.startsWith("create") || w.startsWith("patch"));
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(f.image()).endsWith(":v1.0.0");

    f.stored.getMetadata().setAnnotations(new HashMap<>(Map.of(Labels.RETRY, "now")));
    f.pass();
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.RunningBeforeHook);
    assertThat(f.stored.getStatus().getRollout().getVersion()).isEqualTo("v1.1.0");
    assertThat(f.stored.getStatus().getRollout().getAttempt()).isEqualTo(2);
  }

  @Test
  void aNewerVersionIsTriedAtOnceAfterARollback() {
    MachineFixture f = updating(AUTO);
    f.progressDeadlineExceeded();
    f.pass();
    f.rolledOut();
    f.pass();

    f.newest = "v1.2.0";
    f.pass();

    assertThat(f.stored.getStatus().getRollout().getVersion()).isEqualTo("v1.2.0");
    assertThat(f.stored.getStatus().getRollout().getAttempt()).isEqualTo(1);
    assertThat(f.stored.getStatus().getRollout().getPreviousImage())
        .isEqualTo(MachineFixture.REGISTRY + ":v1.0.0");
  }

  @Test
  void aProgressDeadlineFromBeforeTheRestoreIsNotTheRestoresFailure() {
    MachineFixture f = updating(AUTO);
    f.now = f.now.plusSeconds(30);
    f.progressDeadlineExceeded(f.now);
    f.pass();
    // the controller saw the restore, but its Progressing condition still tells of the last one
    f.now = f.now.plusSeconds(1);
    f.progressDeadlineExceeded(f.now.minusSeconds(1));

    var waiting = f.pass();

    assertThat(waiting.writes()).isEmpty();
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.RollingBack);
    f.rolledOut();
    f.pass();
    assertThat(ready(f)).isEqualTo("False/RolledBack");
  }

  @Test
  void aRestoreThatFailsTooIsRollbackFailedAndIsNotRetriedOnItsOwn() {
    MachineFixture f = updating(AUTO);
    f.now = f.now.plusSeconds(30);
    f.progressDeadlineExceeded(f.now);
    f.pass();
    f.now = f.now.plus(Duration.ofMinutes(11));
    f.progressDeadlineExceeded(f.now);

    var failed = f.pass();

    assertThat(ready(f)).isEqualTo("False/RollbackFailed");
    assertThat(condition(f, "Ready").orElseThrow().getMessage())
        .startsWith(
            "v1.1.0 failed (its rollout failed: deployment \"web\" exceeded its progress deadline"
                + " (ProgressDeadlineExceeded)), and the rollback to v1.0.0 did not roll out"
                + " either: deployment \"web\" exceeded its progress deadline");
    assertThat(f.stored.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Failed);
    assertThat(failed.notified()).containsExactly(EventType.ROLLBACK_FAILED);
    assertThat(failed.events()).singleElement().asString().startsWith("Warning RollbackFailed: ");
    f.now = f.now.plus(Duration.ofHours(2));
    assertThat(f.pass().writes()).noneMatch(w -> w.startsWith("create") || w.startsWith("patch"));
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Failed);
  }

  @Test
  void aRetryOverATemplateThatAlreadyCarriesTheVersionKeepsItsProgressDeadline() {
    MachineFixture f = updating("hooks: {beforeDeploy: {command: 'true'}}");
    f.now = f.now.plusSeconds(30);
    f.progressDeadlineExceeded(f.now);
    f.pass();
    assertThat(ready(f)).isEqualTo("False/RolloutFailed");

    // the back-off passes; attempt 2 finds the template as attempt 1 left it, still past its
    // deadline: that deadline is this template's, so the attempt fails, rather than waiting
    f.now = f.now.plusSeconds(10);
    f.pass();
    f.jobFinished(HookKind.BEFORE_DEPLOY, 0);
    f.pass();

    assertThat(f.stored.getStatus().getRetry().getFailures()).isEqualTo(2);
    assertThat(ready(f)).isEqualTo("False/RolloutFailed");
  }

  @Test
  void podsNotReadyWithinTheRolloutTimeoutFailTheRolloutWithoutRollback() {
    MachineFixture f = updating("rolloutTimeout: 90s\nhooks: {beforeDeploy: {command: 'true'}}");
    f.workload().getStatus().setObservedGeneration(f.workload().getMetadata().getGeneration());
    f.workload().getStatus().setAvailableReplicas(0);

    var progressing = f.pass();
    System.err.println(
        "DEBUG "
            + progressing
            + " "
            + f.stored.getStatus().getRollout().getUpdatedAt()
            + " "
            + f.now);
    assertThat(progressing.after())
        .as("looked at again at the timeout")
        .contains(Duration.ofSeconds(91));

    f.now = f.now.plusSeconds(90);
    f.pass();

    assertThat(ready(f)).isEqualTo("False/RolloutFailed");
    assertThat(condition(f, "Ready").orElseThrow().getMessage())
        .startsWith(
            "rollout of v1.1.0 failed: not rolled out within spec.rolloutTimeout (1m30s): Waiting"
                + " for deployment \"web\" rollout to finish: 0 of 1 updated replicas are"
                + " available... (RolloutTimeout)");
    assertThat(f.image()).as("rollback: none keeps the new version").endsWith(":v1.1.0");
  }

  @Test
  void aFailedAfterHookWithRollbackOnFailureRestoresThePreviousVersion() {
    MachineFixture f =
        updating(
            "hooks: {beforeDeploy: {command: 'true'}, afterDeploy: {command: 'smoke',"
                + " rollbackOnFailure: true}}");
    f.rolledOut();
    f.pass();
    f.jobFinished(HookKind.AFTER_DEPLOY, 1);

    var rollingBack = f.pass();

    assertThat(rollingBack.writes()).containsExactly("status RollingBack", "patch Deployment/web");
    assertThat(rollingBack.events())
        .anySatisfy(e -> assertThat(e).startsWith("Warning AfterHookFailed:"))
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "Warning RollingBack: rolling back v1.1.0 to v1.0.0: its after-deploy hook"
                            + " failed: BackoffLimitExceeded, exit code 1 after 2s"));
    assertThat(f.image()).endsWith(":v1.0.0");
    f.rolledOut();
    f.pass();
    HistoryEntry entry = f.stored.getStatus().getHistory().get(0);
    assertThat(entry.getResult()).isEqualTo(DeployResult.RolledBack);
    assertThat(entry.getAfterDeploy().getExitCode()).isEqualTo(1);
    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
  }

  @Test
  void withoutRollbackOnFailureAFailedAfterHookLeavesTheDeployStanding() {
    MachineFixture f =
        updating(
            "rollback: auto\nhooks: {beforeDeploy: {command: 'true'},"
                + " afterDeploy: {command: 'smoke'}}");
    f.rolledOut();
    f.pass();
    f.jobFinished(HookKind.AFTER_DEPLOY, 1);

    f.pass();

    assertThat(ready(f)).isEqualTo("True/AfterHookFailed");
    assertThat(f.image()).endsWith(":v1.1.0");
    assertThat(f.stored.getStatus().getHistory().get(0).getResult())
        .isEqualTo(DeployResult.Succeeded);
  }

  @Test
  void aRollbackInProgressResumesAfterARestartWithoutPatchingTwice() {
    MachineFixture f = updating(AUTO);
    f.progressDeadlineExceeded();
    f.pass();
    int patches = (int) f.cluster.writes.stream().filter(w -> w.startsWith("patch")).count();

    // a new operator reads the stored status and the workload as they are
    var resumed = f.pass();
    f.rolledOut();
    f.pass();

    assertThat(resumed.writes()).isEmpty();
    assertThat(f.cluster.writes.stream().filter(w -> w.startsWith("patch")).count())
        .isEqualTo(patches);
    assertThat(ready(f)).isEqualTo("False/RolledBack");
  }
}
