package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: the operator is stopped at each phase of a deploy and a new one started on the same
 * API; it resumes, never runs a hook twice for one attempt, and ends where an uninterrupted run
 * (deployment "reference", deploying beside it) ends.
 */
class RestartIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @TempDir Path gates;

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.withRolloutTime(Duration.ofSeconds(3));

  private OperatorHarness harness;
  private final Map<String, Integer> jobsCreated = new ConcurrentHashMap<>();
  private Watch jobWatch;

  @BeforeEach
  void start() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    // Rollouts take 3 s, so the test can stop the operator while one is in progress.
    jobWatch =
        harness
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(harness.namespace())
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED) {
                      jobsCreated.merge(job.getMetadata().getName(), 1, Integer::sum);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  @AfterEach
  void stop() {
    jobWatch.close();
  }

  @Test
  void restartWhileBeforeHookRunsResumesWithTheSameJob() {
    givenReferenceAndSubjectDeploying();
    awaitSubject(d -> d.getStatus().getPhase() == Phase.RunningBeforeHook && beforeJobRecorded(d));

    harness.stopOperator();
    harness.startOperator();
    open("before");
    open("after");

    thenSubjectEndsLikeReference();
  }

  @Test
  void beforeHookFinishingWhileOperatorIsDownIsReadByTheNextOperator() {
    givenReferenceAndSubjectDeploying();
    awaitSubject(d -> d.getStatus().getPhase() == Phase.RunningBeforeHook && beforeJobRecorded(d));

    harness.stopOperator();
    open("before");
    String jobName = harness.get("subject").getStatus().getHooks().getBeforeDeploy().getJobName();
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> jobSucceeded(jobName));
    assertThat(harness.get("subject").getStatus().getPhase()).isEqualTo(Phase.RunningBeforeHook);
    harness.startOperator();
    open("after");

    thenSubjectEndsLikeReference();
  }

  @Test
  void restartDuringRolloutFollowsTheSameRolloutWithoutPatchingAgain() {
    givenReferenceAndSubjectDeploying();
    open("before");
    awaitSubject(d -> d.getStatus().getPhase() == Phase.Updating);
    // phase Updating is recorded before the patch: wait for it, so the restart is mid-rollout
    String pinned = registry.pinnedReference("shop/web", "v1.1.0");
    await().atMost(TIMEOUT).until(() -> harness.image("subject").equals(pinned));

    harness.stopOperator();
    assertThat(harness.get("subject").getStatus().getPhase()).isEqualTo(Phase.Updating);
    long generation = harness.workload("subject").getMetadata().getGeneration();
    harness.startOperator();
    open("after");

    thenSubjectEndsLikeReference();
    assertThat(harness.workload("subject").getMetadata().getGeneration()).isEqualTo(generation);
  }

  @Test
  void restartWhileAfterHookRunsResumesWithTheSameJob() {
    givenReferenceAndSubjectDeploying();
    open("before");
    awaitSubject(d -> d.getStatus().getPhase() == Phase.RunningAfterHook && afterJobRecorded(d));

    harness.stopOperator();
    harness.startOperator();
    open("after");

    thenSubjectEndsLikeReference();
  }

  @Test
  void restartAfterCompletionChangesNothing() {
    givenReferenceAndSubjectDeploying();
    open("before");
    open("after");
    thenSubjectEndsLikeReference();
    String stored = harness.get("subject").getMetadata().getResourceVersion();

    harness.stopOperator();
    harness.startOperator();

    DewyDeployment after = harness.awaitPasses("subject", 2, TIMEOUT);
    thenSubjectEndsLikeReference();
    assertThat(after.getMetadata().getResourceVersion())
        .as("a restarted operator that finds nothing to do writes nothing")
        .isEqualTo(stored);
  }

  @Test
  void hookJobDeletedWhileOperatorIsDownFailsTheAttemptAsJobLostInsteadOfRunningItAgain() {
    // polled hourly, the failed attempt's result stays in status: no next attempt overwrites it
    givenReferenceAndSubjectDeploying("1h");
    awaitSubject(d -> d.getStatus().getPhase() == Phase.RunningBeforeHook && beforeJobRecorded(d));
    String jobName = harness.get("subject").getStatus().getHooks().getBeforeDeploy().getJobName();

    harness.stopOperator();
    deleteJob(jobName);
    harness.startOperator();

    DewyDeployment dd =
        awaitSubject(
            d -> d.getStatus().getHistory() != null && !d.getStatus().getHistory().isEmpty());
    assertThat(dd.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Aborted);
    assertThat(dd.getStatus().getHistory().get(0).getMessage()).contains("JobLost");
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getJobName()).isEqualTo(jobName);
    assertThat(before.getReason()).isEqualTo("JobLost");
    assertThat(before.getSucceeded()).isFalse();
    assertThat(before.getStderr()).contains(jobName, "not run again");
    assertThat(ready(dd).getStatus()).isEqualTo("False");
    assertThat(ready(dd).getReason()).isEqualTo(Reasons.BEFORE_HOOK_FAILED);
    assertThat(harness.workload("subject").getSpec().getTemplate().getSpec().getContainers())
        .first()
        .satisfies(c -> assertThat(c.getImage()).endsWith(":v1.0.0"));
    assertThat(jobsCreated).containsEntry(jobName, 1);
  }

  @Test
  void hookResultRecordedJustBeforeTheStopIsUsedEvenWhenItsJobIsGone() {
    givenReferenceAndSubjectDeploying();
    open("before");
    awaitSubject(
        d ->
            d.getStatus().getHooks() != null
                && d.getStatus().getHooks().getBeforeDeploy() != null
                && Boolean.TRUE.equals(d.getStatus().getHooks().getBeforeDeploy().getSucceeded()));

    harness.stopOperator();
    // As if the operator stopped between recording the result and writing phase Updating, and
    // the Job's TTL ran out before a new operator started.
    String jobName = harness.get("subject").getStatus().getHooks().getBeforeDeploy().getJobName();
    // A write the stopped operator had in flight may still land: retry on conflict.
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              DewyDeployment stopped = harness.get("subject");
              stopped.getStatus().setPhase(Phase.RunningBeforeHook);
              harness.client().resource(stopped).updateStatus();
              return true;
            });
    deleteJob(jobName);
    harness.startOperator();
    open("after");

    DewyDeployment reference = awaitDeployed("reference");
    DewyDeployment subject = awaitDeployed("subject");
    assertThat(outcome(subject)).isEqualTo(outcome(reference));
    assertThat(subject.getStatus().getHooks().getBeforeDeploy().getReason()).isNull();
    assertThat(jobsCreated).containsEntry(jobName, 1);
  }

  /**
   * Two DewyDeployments with the same hooks: "reference" runs undisturbed (its gates are open),
   * "subject" waits at each hook until the test opens its gate.
   */
  private void givenReferenceAndSubjectDeploying() {
    givenReferenceAndSubjectDeploying("1s");
  }

  /**
   * As {@link #givenReferenceAndSubjectDeploying()}, polling every {@code interval}: a failed
   * attempt waits a whole interval before the next, so status keeps its result that long.
   */
  private void givenReferenceAndSubjectDeploying(String interval) {
    for (String name : List.of("reference", "subject")) {
      harness.deployment(name, registry.imageReference("shop/web", "v1.0.0"));
    }
    open("reference", "before");
    open("reference", "after");
    for (String name : List.of("reference", "subject")) {
      harness
          .dewy(name)
          .registry(registry.registryUrl("shop/web"))
          .interval(interval)
          .beforeHook(gated("before") + "; echo \"before $DEWY_VERSION\"")
          .afterHook(gated("after") + "; echo \"after $DEWY_VERSION\"")
          .create();
    }
  }

  /** A shell loop that waits until the test opens this DewyDeployment's gate for {@code hook}. */
  private String gated(String hook) {
    return "while [ ! -f " + gates + "/$DEWY_DEPLOYMENT-" + hook + " ]; do sleep 0.1; done";
  }

  private void thenSubjectEndsLikeReference() {
    DewyDeployment reference = awaitDeployed("reference");
    DewyDeployment subject = awaitDeployed("subject");
    assertThat(outcome(subject)).isEqualTo(outcome(reference));
    assertThat(outcome(subject))
        .containsEntry("currentVersion", "v1.1.0")
        .containsEntry("before.stdout", "before v1.1.0\n")
        .containsEntry("after.stdout", "after v1.1.0\n");
    for (String hook : List.of("before-deploy", "after-deploy")) {
      List<Job> jobs =
          harness.hookJobs("subject").stream()
              .filter(j -> hook.equals(j.getMetadata().getLabels().get("dewy.dev/hook")))
              .toList();
      assertThat(jobs).as(hook + " Jobs").hasSize(1);
      assertThat(jobsCreated).containsEntry(jobs.get(0).getMetadata().getName(), 1);
    }
  }

  private DewyDeployment awaitDeployed(String name) {
    return harness.await(
        name,
        TIMEOUT,
        d ->
            "v1.1.0".equals(d.getStatus().getCurrentVersion())
                && d.getStatus().getPhase() == Phase.Idle);
  }

  /**
   * What a user reads from status after a deploy, without timestamps and Job names, and without the
   * Ready message.
   */
  private static Map<String, Object> outcome(DewyDeployment dd) {
    DewyDeploymentStatus s = dd.getStatus();
    HookResult before = s.getHooks().getBeforeDeploy();
    HookResult after = s.getHooks().getAfterDeploy();
    return Map.ofEntries(
        Map.entry("currentVersion", s.getCurrentVersion()),
        Map.entry("latestVersion", s.getLatestVersion()),
        Map.entry("phase", s.getPhase()),
        Map.entry("history.size", s.getHistory().size()),
        Map.entry("history.result", s.getHistory().get(0).getResult()),
        Map.entry("history.version", s.getHistory().get(0).getVersion()),
        Map.entry("history.previousVersion", s.getHistory().get(0).getPreviousVersion()),
        Map.entry("before.exitCode", before.getExitCode()),
        Map.entry("before.stdout", before.getStdout()),
        Map.entry("before.succeeded", before.getSucceeded()),
        Map.entry("after.exitCode", after.getExitCode()),
        Map.entry("after.stdout", after.getStdout()),
        Map.entry("after.succeeded", after.getSucceeded()),
        Map.entry("ready.status", ready(dd).getStatus()),
        Map.entry("ready.reason", ready(dd).getReason()));
  }

  private static Condition ready(DewyDeployment dd) {
    return dd.getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private DewyDeployment awaitSubject(Predicate<DewyDeployment> condition) {
    return harness.await("subject", TIMEOUT, condition);
  }

  private static boolean beforeJobRecorded(DewyDeployment dd) {
    return dd.getStatus().getHooks() != null
        && dd.getStatus().getHooks().getBeforeDeploy() != null
        && dd.getStatus().getHooks().getBeforeDeploy().getJobName() != null;
  }

  private static boolean afterJobRecorded(DewyDeployment dd) {
    return dd.getStatus().getHooks() != null
        && dd.getStatus().getHooks().getAfterDeploy() != null
        && dd.getStatus().getHooks().getAfterDeploy().getJobName() != null;
  }

  private boolean jobSucceeded(String name) {
    Job job =
        harness.client().batch().v1().jobs().inNamespace(harness.namespace()).withName(name).get();
    return job != null
        && job.getStatus() != null
        && job.getStatus().getSucceeded() != null
        && job.getStatus().getSucceeded() > 0;
  }

  /** Deletes a hook Job as a user (or its TTL) would, and waits until it is gone. */
  private void deleteJob(String jobName) {
    harness
        .client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(harness.namespace())
        .withName(jobName)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();
    await()
        .atMost(TIMEOUT)
        .until(() -> harness.hookJobs("subject").stream().noneMatch(j -> named(j, jobName)));
  }

  private static boolean named(Job job, String name) {
    return name.equals(job.getMetadata().getName());
  }

  private void open(String hook) {
    open("subject", hook);
  }

  private void open(String deployment, String hook) {
    try {
      Files.createFile(gates.resolve(deployment + "-" + hook));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
