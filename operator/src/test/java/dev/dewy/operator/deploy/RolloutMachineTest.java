package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.notify.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state machine without a server: phase and world (Jobs, pods, the workload) in, status,
 * events, notifications, writes and the next look out.
 */
class RolloutMachineTest {
  private static final String BOTH_HOOKS =
      "hooks: {beforeDeploy: {command: 'echo before'}, afterDeploy: {command: 'echo after'}}";

  private static Optional<Condition> condition(MachineFixture f, String type) {
    return Conditions.find(f.stored.getStatus().getConditions(), type);
  }

  private static String ready(MachineFixture f) {
    return condition(f, "Ready").map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  private static String reconciling(MachineFixture f) {
    return condition(f, "Reconciling").map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  @Test
  void aPollThatFindsNothingNewWritesNothing() {
    MachineFixture f = MachineFixture.of("");

    var first = f.pass();
    f.now = f.now.plusSeconds(10);
    var second = f.pass();

    assertThat(first.writes()).containsExactly("claim Deployment/web", "status Idle");
    assertThat(ready(f)).isEqualTo("True/UpToDate");
    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(second.writes()).isEmpty();
    assertThat(second.events()).isEmpty();
    assertThat(second.after()).contains(Duration.ofSeconds(10));
  }

  @Test
  void lastCheckedAtMovesAtMostEveryTenMinutesAtRest() {
    MachineFixture f = MachineFixture.of("");
    f.pass();
    String first = f.stored.getStatus().getLastCheckedAt();

    f.now = f.now.plus(Duration.ofMinutes(9));
    assertThat(f.pass().writes()).isEmpty();
    f.now = f.now.plus(Duration.ofMinutes(1));
    var refreshed = f.pass();

    assertThat(refreshed.writes()).containsExactly("status Idle");
    assertThat(f.stored.getStatus().getLastCheckedAt())
        .isNotEqualTo(first)
        .isEqualTo("2026-12-01T10:10:00Z");
  }

  @Test
  void aDeployWithBothHooksWritesStatusOncePerStepAndRunsTheHooksAroundTheUpdate() {
    MachineFixture f = MachineFixture.of(BOTH_HOOKS);
    f.newest = "v1.1.0";

    var started = f.pass();
    assertThat(started.writes())
        .containsExactly(
            "claim Deployment/web",
            "create Job " + f.job(HookKind.BEFORE_DEPLOY).getMetadata().getName(),
            "status RunningBeforeHook");
    assertThat(started.events()).singleElement().asString().startsWith("Normal DeployStarted:");
    assertThat(started.notified()).containsExactly(EventType.DEPLOY_STARTED);
    assertThat(f.image()).endsWith(":v1.0.0");

    assertThat(f.pass().writes()).as("a hook still running changes nothing").isEmpty();

    f.jobFinished(HookKind.BEFORE_DEPLOY, 0);
    var updated = f.pass();
    assertThat(updated.writes())
        .as(
            "the hook's result is written before the patch; the moment before the controller saw it is not")
        .containsExactly("status Updating", "patch Deployment/web");
    assertThat(updated.events())
        .singleElement()
        .asString()
        .startsWith("Normal BeforeHookSucceeded:");
    assertThat(f.image()).endsWith(":v1.1.0");
    assertThat(f.workload().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("dewy.dev/version", "v1.1.0");

    f.rolledOut();
    var after = f.pass();
    assertThat(after.writes())
        .containsExactly(
            "create Job " + f.job(HookKind.AFTER_DEPLOY).getMetadata().getName(),
            "status RunningAfterHook");

    f.jobFinished(HookKind.AFTER_DEPLOY, 0);
    var done = f.pass();
    assertThat(done.writes()).containsExactly("status Idle");
    assertThat(done.events())
        .extracting(e -> e.substring(0, e.indexOf(':')))
        .containsExactly("Normal AfterHookSucceeded", "Normal DeploySucceeded");
    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getCurrentVersion()).isEqualTo("v1.1.0");
    assertThat(s.getPhase()).isEqualTo(Phase.Idle);
    assertThat(s.getRollout()).isNull();
    assertThat(s.getHistory())
        .singleElement()
        .satisfies(h -> assertThat(h.getResult()).isEqualTo(DeployResult.Succeeded));
    assertThat(ready(f)).isEqualTo("True/UpToDate");
    assertThat(reconciling(f)).isEqualTo("none");
    assertThat(done.after()).contains(StatusRecorder.AFTER_DEPLOY);

    assertThat(f.pass().writes()).as("the next poll finds nothing new").isEmpty();
  }

  /** A failed attempt, by how it failed: Ready, the events, and the workload afterwards. */
  static Stream<Arguments> failedAttempts() {
    return Stream.of(
        Arguments.of("before hook exits 3", "BeforeHookFailed", "DeployAborted", ":v1.0.0"),
        Arguments.of("rollout past its deadline", "RolloutFailed", "DeployFailed", ":v1.1.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failedAttempts")
  void aFailedAttemptWaitsOutItsBackOffAsReconcilingWithRetry(
      String how, String readyReason, String event, String imageAfter) {
    MachineFixture f = MachineFixture.of("hooks: {beforeDeploy: {command: 'true'}}");
    f.newest = "v1.1.0";
    f.pass();
    if (readyReason.equals("BeforeHookFailed")) {
      f.jobFinished(HookKind.BEFORE_DEPLOY, 3);
    } else {
      f.jobFinished(HookKind.BEFORE_DEPLOY, 0);
      f.pass();
      f.progressDeadlineExceeded();
    }

    var failed = f.pass();

    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getPhase()).isEqualTo(Phase.Failed);
    assertThat(ready(f)).isEqualTo("False/" + readyReason);
    assertThat(reconciling(f)).isEqualTo("True/ProgressingWithRetry");
    assertThat(s.getRetry().getFailures()).isEqualTo(1);
    assertThat(s.getHistory().get(0).getVersion()).isEqualTo("v1.1.0");
    assertThat(failed.events()).anySatisfy(e -> assertThat(e).startsWith("Warning " + event + ":"));
    assertThat(f.image()).endsWith(imageAfter);
    assertThat(failed.after()).contains(Duration.ofSeconds(10));

    f.now = f.now.plusSeconds(5);
    var waiting = f.pass();
    assertThat(waiting.writes()).as("waiting out the back-off writes nothing").isEmpty();
    assertThat(waiting.after()).contains(Duration.ofSeconds(5));

    f.now = f.now.plusSeconds(5);
    f.pass();
    assertThat(f.stored.getStatus().getRollout().getAttempt()).isEqualTo(2);
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.RunningBeforeHook);
  }

  @Test
  void aNewValueOfTheRetryAnnotationStartsTheNextAttemptNowAndOnlyOnce() {
    MachineFixture f = MachineFixture.of("hooks: {beforeDeploy: {command: 'true'}}");
    f.stored
        .getMetadata()
        .setAnnotations(new java.util.HashMap<>(java.util.Map.of(Labels.RETRY, "1")));
    f.newest = "v1.1.0";
    f.pass();
    f.jobFinished(HookKind.BEFORE_DEPLOY, 3);
    f.pass();
    assertThat(f.pass().writes()).as("an old value asks for nothing").isEmpty();

    f.stored.getMetadata().getAnnotations().put(Labels.RETRY, "2");
    f.pass();

    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.RunningBeforeHook);
    assertThat(f.stored.getStatus().getRollout().getAttempt()).isEqualTo(2);
    f.jobFinished(HookKind.BEFORE_DEPLOY, 3);
    f.pass();
    assertThat(f.stored.getStatus().getRetry().getFailures()).isEqualTo(2);
    assertThat(f.pass().writes()).as("the same value does not ask twice").isEmpty();
    assertThat(condition(f, "Reconciling").orElseThrow().getMessage()).contains("dewy.dev/retry");
  }

  @Test
  void aJobTheApiServerRefusesEndsTheAttemptAtOnceWithItsMessage() {
    MachineFixture f = MachineFixture.of("hooks: {beforeDeploy: {command: 'true'}}");
    f.newest = "v1.1.0";
    f.cluster.refuseJobs =
        FakeCluster.refusal(422, "Job.batch \"web-before-deploy-x\" is invalid: env[0].name");

    var refused = f.pass();

    var before = f.stored.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getReason()).isEqualTo("JobRefused");
    assertThat(before.getStderr()).contains("(422)", "env[0].name", "spec.hooks.beforeDeploy");
    assertThat(ready(f)).isEqualTo("False/BeforeHookFailed");
    assertThat(refused.writes()).doesNotContain("patch Deployment/web");
  }

  @Test
  void aStatusTheApiServerRefusesAsInvalidIsEventedNotRetried() {
    MachineFixture f = MachineFixture.of("");
    f.cluster.refuseStatus =
        FakeCluster.refusal(422, "DewyDeployment.dewy.dev \"web\" is invalid: status.phase");

    var refused = f.pass();

    assertThat(refused.writes()).containsExactly("claim Deployment/web");
    assertThat(refused.events())
        .containsExactly(
            "Warning StatusRejected: kube-apiserver refused the status write: "
                + "DewyDeployment.dewy.dev \"web\" is invalid: status.phase");
    assertThat(refused.after()).contains(Duration.ofSeconds(10));
  }

  @Test
  void aStatusWriteThatFailsOtherwiseFailsThePassForJosdkToRetry() {
    MachineFixture f = MachineFixture.of("");
    f.cluster.refuseStatus = FakeCluster.refusal(409, "the object has been modified");

    org.assertj.core.api.Assertions.assertThatThrownBy(f::pass)
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .hasMessageContaining("the object has been modified");
    assertThat(f.events).isEmpty();
  }

  @Test
  void aFailedPassMarksReadyFalseOnTheLastSavedStatusAndLooksAgainAfterTheLastRetry() {
    MachineFixture f = MachineFixture.of("");
    f.pass();
    Pass failed = new Pass(f.stored, f.now.plusSeconds(10), f.cluster);

    var retrying =
        DewyDeploymentReconciler.errorStatus(
            failed,
            new IllegalStateException("registry answered 500"),
            false,
            Duration.ofMinutes(1));
    var written = f.cluster.lastWritten.getStatus();

    assertThat(Conditions.find(written.getConditions(), "Ready").orElseThrow())
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("False", "ReconcileError", "registry answered 500");
    assertThat(written.getCurrentVersion()).as("what was saved stands").isEqualTo("v1.0.0");
    assertThat(retrying.getScheduleDelay()).as("JOSDK's retry decides").isEmpty();

    f.cluster.refuseStatus = FakeCluster.refusal(503, "etcd leader changed");
    var last =
        DewyDeploymentReconciler.errorStatus(
            new Pass(f.cluster.lastWritten, f.now.plusSeconds(20), f.cluster),
            new IllegalStateException("registry answered 500 again"),
            true,
            Duration.ofMinutes(1));

    assertThat(last.getScheduleDelay()).contains(Duration.ofMinutes(1).toMillis());
  }

  @Test
  void aHookJobGoneBeforeItsResultWasReadFailsTheAttemptAsJobLost() {
    MachineFixture f = MachineFixture.of("hooks: {beforeDeploy: {command: 'true'}}");
    f.newest = "v1.1.0";
    f.pass();
    f.cluster.jobs.clear();

    f.pass();

    var before = f.stored.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getReason()).isEqualTo("JobLost");
    assertThat(f.cluster.writes).filteredOn(w -> w.startsWith("create Job")).hasSize(1);
  }

  @Test
  void aRecordedResultIsNotReportedAgain() {
    MachineFixture f = MachineFixture.of("hooks: {beforeDeploy: {command: 'true'}}");
    f.newest = "v1.1.0";
    f.pass();
    f.jobFinished(HookKind.BEFORE_DEPLOY, 0);
    f.pass();
    long reported = f.events.stream().filter(e -> e.contains("BeforeHookSucceeded")).count();
    // as after a restart: phase is put back, the recorded result stands, its Job is gone
    f.stored.getStatus().setPhase(Phase.RunningBeforeHook);
    f.cluster.jobs.clear();

    f.pass();

    assertThat(f.events.stream().filter(e -> e.contains("BeforeHookSucceeded")).count())
        .isEqualTo(reported);
    assertThat(f.stored.getStatus().getHooks().getBeforeDeploy().getReason()).isNull();
  }

  @Test
  void suspendBeforeTheUpdateHoldsItAndResumingContinuesTheSameAttempt() {
    MachineFixture f = MachineFixture.of("hooks: {beforeDeploy: {command: 'true'}}");
    f.newest = "v1.1.0";
    f.pass();
    f.stored.getSpec().setSuspend(true);
    f.jobFinished(HookKind.BEFORE_DEPLOY, 0);

    f.pass();
    assertThat(f.image()).endsWith(":v1.0.0");
    assertThat(ready(f)).isEqualTo("True/Suspended");
    assertThat(reconciling(f)).isEqualTo("False/Suspended");

    f.stored.getSpec().setSuspend(false);
    f.pass();
    assertThat(f.image()).endsWith(":v1.1.0");
    assertThat(f.cluster.writes).filteredOn(w -> w.startsWith("create Job")).hasSize(1);
  }

  /** Things that stop the flow: Ready, whether Stalled, and when the next look comes. */
  static Stream<Arguments> stops() {
    return Stream.of(
        Arguments.of("spec.interval of 0s", "interval: 0s", false, "False/InvalidSpec", true, null),
        Arguments.of(
            "target missing", "", true, "False/TargetNotFound", false, Duration.ofSeconds(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stops")
  void whatStopsTheFlowSaysWhyAndWhenItLooksAgain(
      String name,
      String extra,
      boolean targetMissing,
      String ready,
      boolean stalled,
      Duration next) {
    MachineFixture f = MachineFixture.of(extra);
    if (targetMissing) {
      f.cluster.workloads.clear();
    }

    var pass = f.pass();

    assertThat(ready(f)).isEqualTo(ready);
    assertThat(condition(f, "Stalled").isPresent()).isEqualTo(stalled);
    assertThat(reconciling(f)).isEqualTo("none");
    assertThat(pass.after()).isEqualTo(Optional.ofNullable(next));
    assertThat(pass.events())
        .singleElement()
        .asString()
        .startsWith("Warning " + ready.substring(6));
  }

  /**
   * A target created just after its DewyDeployment (one apply of a file that lists it first) is
   * found within seconds, and one that stays missing costs a look per interval, not per 5 s.
   */
  @Test
  void aMissingTargetIsLookedForAgainSoonThenLessOftenUpToTheInterval() {
    MachineFixture f = MachineFixture.of("interval: 1m");
    f.cluster.workloads.clear();
    List<Duration> looks = new ArrayList<>();
    Instant start = f.now;
    for (int i = 0; i < 7; i++) {
      Duration next = f.pass().after().orElseThrow();
      looks.add(next);
      f.now = f.now.plus(next);
    }

    assertThat(looks)
        .extracting(Duration::toSeconds)
        .containsExactly(5L, 5L, 10L, 20L, 40L, 60L, 60L);
    assertThat(condition(f, "Ready").orElseThrow().getLastTransitionTime())
        .isEqualTo(start.toString());
  }

  @Test
  void aTargetThatAppearsWhileLookedForIsDeployedOnTheNextLook() {
    MachineFixture f = MachineFixture.of("interval: 1h");
    var workloads = new HashMap<>(f.cluster.workloads);
    f.cluster.workloads.clear();
    f.newest = "v1.1.0";
    assertThat(f.pass().after()).contains(Duration.ofSeconds(5));
    f.cluster.workloads.putAll(workloads);
    f.now = f.now.plusSeconds(5);

    f.pass();

    assertThat(f.image()).endsWith(":v1.1.0");
  }

  @Test
  void aTargetClaimedByAnotherDewyDeploymentIsLeftAlone() {
    MachineFixture f = MachineFixture.of("");
    f.workload().getMetadata().getLabels().put(Labels.TARGET, "true");
    f.workload()
        .getMetadata()
        .setAnnotations(new java.util.HashMap<>(java.util.Map.of(Labels.OWNER, "api")));
    f.cluster.dewyDeployments.add("api");
    f.newest = "v1.1.0";

    var pass = f.pass();

    assertThat(ready(f)).isEqualTo("False/TargetClaimed");
    assertThat(condition(f, "Ready").orElseThrow().getMessage())
        .contains("DewyDeployment \"api\"", "dewy.dev/deployment");
    assertThat(pass.writes()).containsExactly("status null");
    assertThat(f.image()).endsWith(":v1.0.0");
  }

  @Test
  void aClaimWhoseOwnerIsGoneIsTakenOver() {
    MachineFixture f = MachineFixture.of("");
    f.workload().getMetadata().getLabels().put(Labels.TARGET, "true");
    f.workload()
        .getMetadata()
        .setAnnotations(new java.util.HashMap<>(java.util.Map.of(Labels.OWNER, "deleted")));

    f.pass();

    assertThat(f.workload().getMetadata().getAnnotations()).containsEntry(Labels.OWNER, "web");
    assertThat(ready(f)).isEqualTo("True/UpToDate");
  }

  @Test
  void aRegistryErrorIsEventedOnEveryLookButWrittenOnce() {
    MachineFixture f = MachineFixture.of("");
    f.registryFailure =
        new BlockedException(Reasons.REGISTRY_ERROR, "spec.registry: connection refused", null);

    var first = f.pass();
    var second = f.pass();

    assertThat(ready(f)).isEqualTo("False/RegistryError");
    assertThat(first.writes()).contains("status null");
    assertThat(second.writes()).isEmpty();
    assertThat(List.of(first.events(), second.events())).allSatisfy(e -> assertThat(e).hasSize(1));
    assertThat(second.notified()).containsExactly(EventType.REGISTRY_ERROR);
    assertThat(second.after()).contains(Duration.ofSeconds(10));
  }

  @Test
  void eachReferencedSecretIsReadOncePerPass() {
    MachineFixture f = MachineFixture.of("notifier: slack://deploys\nnotifierSecret: notify");
    f.newest = "v1.1.0";

    var pass = f.pass();

    assertThat(pass.notified()).isNotEmpty();
    assertThat(f.cluster.secretReads).containsExactly("notify");
  }

  /** A workload at v1.2.0 and a registry whose newest is v1.1.0: what the spec lets happen. */
  static Stream<Arguments> newerThanTheRegistry() {
    return Stream.of(
        Arguments.of("", "True/NewerThanRegistry", ":v1.2.0"),
        Arguments.of("allowDowngrade: true", "Unknown/Deploying", ":v1.1.0"),
        Arguments.of("version: v1.1.0", "Unknown/Deploying", ":v1.1.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("newerThanTheRegistry")
  void aNewerWorkloadIsDowngradedOnlyByAPinOrAllowDowngrade(
      String extra, String readyAfter, String imageAfter) {
    MachineFixture f = MachineFixture.of(extra).deployment("v1.2.0");
    f.newest = "v1.1.0";

    var first = f.pass();

    assertThat(ready(f)).isEqualTo(readyAfter);
    assertThat(f.image()).endsWith(imageAfter);
    if (extra.isEmpty()) {
      assertThat(first.events())
          .containsExactly(
              "Normal NewerThanRegistry: runs v1.2.0, newer than v1.1.0, the newest version the"
                  + " registry offers under the policy; nothing is deployed (to go back to v1.1.0,"
                  + " set spec.version, or spec.allowDowngrade: true)");
      var again = f.pass();
      assertThat(again.writes()).isEmpty();
      assertThat(again.events()).as("said once").isEmpty();
    }
  }
}
