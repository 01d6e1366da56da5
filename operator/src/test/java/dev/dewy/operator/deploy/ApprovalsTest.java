package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.notify.EventType;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/** Approval gates (spec.approval: manual) through the real state machine, pass by pass. */
class ApprovalsTest {
  private static final String MANUAL =
      "approval: manual\nhooks: {beforeDeploy: {command: 'echo before'}}";

  private static String ready(MachineFixture f) {
    return Conditions.find(f.stored.getStatus().getConditions(), "Ready")
        .map(c -> c.getStatus() + "/" + c.getReason() + ": " + c.getMessage())
        .orElse("none");
  }

  private static void approve(MachineFixture f, String version) {
    if (f.stored.getMetadata().getAnnotations() == null) {
      f.stored.getMetadata().setAnnotations(new HashMap<>());
    }
    f.stored.getMetadata().getAnnotations().put(Labels.APPROVE, version);
  }

  @Test
  void aNewVersionWaitsForApprovalBeforeTheBeforeHookAndSaysHowOnce() {
    MachineFixture f = MachineFixture.of(MANUAL);
    f.pass();
    f.newest = "v1.1.0";

    var first = f.pass();
    f.now = f.now.plusSeconds(10);
    var second = f.pass();

    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.AwaitingApproval);
    assertThat(ready(f))
        .isEqualTo(
            "False/AwaitingApproval: v1.1.0 awaits approval (runs v1.0.0): kubectl dewy approve"
                + " web v1.1.0, or kubectl annotate dd web dewy.dev/approve=v1.1.0 --overwrite");
    assertThat(first.events())
        .containsExactly(
            "Normal AwaitingApproval: v1.1.0 awaits approval (runs v1.0.0): kubectl dewy approve"
                + " web v1.1.0, or kubectl annotate dd web dewy.dev/approve=v1.1.0 --overwrite");
    assertThat(first.notified()).containsExactly(EventType.APPROVAL_REQUIRED);
    assertThat(first.writes()).containsExactly("status AwaitingApproval");
    assertThat(f.cluster.jobs).isEmpty();
    assertThat(f.image()).endsWith(":v1.0.0");
    assertThat(second.writes()).isEmpty();
    assertThat(second.events()).isEmpty();
    assertThat(second.after()).contains(Duration.ofSeconds(10));
  }

  @Test
  void approvingTheWaitingVersionStartsItsAttemptAndRecordsWhoApproved() {
    MachineFixture f = MachineFixture.of(MANUAL);
    f.newest = "v1.1.0";
    f.pass();
    approve(f, "v1.1.0");
    f.cluster.annotationManagers.put(Labels.APPROVE, "kubectl-dewy");

    var approved = f.pass();
    f.jobFinished(HookKind.BEFORE_DEPLOY, 0);
    f.pass();
    f.rolledOut();
    f.pass();

    assertThat(approved.events())
        .startsWith(
            "Normal Approved: v1.1.0 approved by the annotation dewy.dev/approve, set by"
                + " kubectl-dewy");
    assertThat(approved.writes()).anyMatch(w -> w.startsWith("create Job"));
    assertThat(f.image()).endsWith(":v1.1.0");
    assertThat(f.stored.getStatus().getAcknowledgedApproval()).isEqualTo("v1.1.0");
    HistoryEntry last = f.stored.getStatus().getHistory().get(0);
    assertThat(last.getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(last.getVersion()).isEqualTo("v1.1.0");
  }

  @Test
  void anApprovalGivenBeforeTheVersionAppearsLetsItThroughAtOnce() {
    MachineFixture f = MachineFixture.of(MANUAL);
    approve(f, "v1.1.0");
    f.pass();
    f.newest = "v1.1.0";

    var pass = f.pass();

    assertThat(pass.events()).first().asString().startsWith("Normal Approved: v1.1.0 approved");
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.RunningBeforeHook);
    assertThat(pass.notified()).doesNotContain(EventType.APPROVAL_REQUIRED);
  }

  @Test
  void approvingAnotherVersionIsRefusedOnceAndTheWaitGoesOn() {
    MachineFixture f = MachineFixture.of(MANUAL);
    f.newest = "v1.2.0";
    f.pass();
    approve(f, "v1.1.0");

    var refused = f.pass();
    var again = f.pass();

    assertThat(refused.events())
        .containsExactly(
            "Warning ApprovalRefused: dewy.dev/approve=v1.1.0 is refused: v1.1.0 is not the"
                + " version awaiting approval, v1.2.0 is (it is the newest the policy allows);"
                + " approve v1.2.0, or pin v1.1.0 with spec.version");
    assertThat(again.events()).isEmpty();
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.AwaitingApproval);
    assertThat(f.stored.getStatus().getRollout().getVersion()).isEqualTo("v1.2.0");
    assertThat(f.cluster.jobs).isEmpty();
  }

  @Test
  void aRefusedValueWithSurroundingSpaceIsRefusedOnceNotAtEveryPass() {
    MachineFixture f = MachineFixture.of(MANUAL);
    f.newest = "v1.2.0";
    f.pass();
    approve(f, " v1.1.0\n");

    var refused = f.pass();
    var again = f.pass();

    assertThat(refused.events()).singleElement().asString().startsWith("Warning ApprovalRefused");
    assertThat(again.events()).isEmpty();
    assertThat(again.writes()).isEmpty();
  }

  @Test
  void aNewerVersionReplacesTheOneAwaitingApproval() {
    MachineFixture f = MachineFixture.of(MANUAL);
    f.newest = "v1.1.0";
    f.pass();
    f.newest = "v1.2.0";

    var pass = f.pass();

    assertThat(pass.events())
        .containsExactly(
            "Normal ApprovalWithdrawn: v1.1.0 no longer awaits approval: the newest version under"
                + " the policy is now v1.2.0",
            "Normal AwaitingApproval: v1.2.0 awaits approval (runs v1.0.0): kubectl dewy approve"
                + " web v1.2.0, or kubectl annotate dd web dewy.dev/approve=v1.2.0 --overwrite");
    assertThat(f.stored.getStatus().getRollout().getVersion()).isEqualTo("v1.2.0");
  }

  @Test
  void aVersionNotApprovedInTimeEndsAsNotApprovedAndWaitsForAnApprovalOrANewerVersion() {
    MachineFixture f = MachineFixture.of(MANUAL + "\napprovalTimeout: 30s");
    f.newest = "v1.1.0";
    var waiting = f.pass();
    assertThat(waiting.after()).contains(Duration.ofSeconds(10));
    f.now = f.now.plusSeconds(25);
    assertThat(f.pass().after()).contains(Duration.ofSeconds(5));
    f.now = f.now.plusSeconds(5);

    var timedOut = f.pass();
    f.now = f.now.plusSeconds(10);
    var later = f.pass();

    String message =
        "v1.1.0 was not approved within spec.approvalTimeout (30s); nothing was deployed. It is"
            + " offered again when approved (kubectl dewy approve web v1.1.0) or when a newer"
            + " version appears";
    assertThat(timedOut.events()).containsExactly("Warning NotApproved: " + message);
    assertThat(timedOut.notified()).containsExactly(EventType.NOT_APPROVED);
    assertThat(ready(f)).isEqualTo("False/NotApproved: " + message);
    HistoryEntry last = f.stored.getStatus().getHistory().get(0);
    assertThat(last.getResult()).isEqualTo(DeployResult.NotApproved);
    assertThat(last.getVersion()).isEqualTo("v1.1.0");
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Idle);
    assertThat(later.events()).isEmpty();
    assertThat(later.writes()).isEmpty();

    approve(f, "v1.1.0");
    f.pass();
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.RunningBeforeHook);
  }

  @Test
  void aPinNeedsNoApproval() {
    MachineFixture f = MachineFixture.of(MANUAL + "\nversion: v1.1.0");
    f.newest = "v1.1.0";

    f.pass();

    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.RunningBeforeHook);
  }

  @Test
  void suspendingWhileAVersionAwaitsApprovalWithdrawsIt() {
    MachineFixture f = MachineFixture.of(MANUAL);
    f.newest = "v1.1.0";
    f.pass();
    f.stored.getSpec().setSuspend(true);
    approve(f, "v1.1.0");

    f.pass();

    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Idle);
    assertThat(f.stored.getStatus().getRollout()).isNull();
    assertThat(ready(f)).startsWith("True/Suspended");
    assertThat(f.cluster.jobs).isEmpty();
  }
}
