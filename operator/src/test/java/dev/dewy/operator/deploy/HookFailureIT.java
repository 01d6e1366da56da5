package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.hookJobs;
import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.readyReason;
import static dev.dewy.operator.deploy.FlowFixtures.templateJson;
import static dev.dewy.operator.deploy.FlowFixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failing hooks: a before hook aborts with the workload untouched; an after hook does not. */
class HookFailureIT {
  private static final Duration LONG = Duration.ofSeconds(60);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void aNewRetryAnnotationStartsTheNextAttemptWithoutWaitingOutTheBackOff(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    // given a before hook that fails until a file exists, polled hourly: an hour of back-off
    registry.pushImages("shop/retry", "v1.0.0", "v1.1.0");
    harness.deployment("retry", registry.imageReference("shop/retry", "v1.0.0"));
    java.nio.file.Path fixed = dir.resolve("fixed");
    harness
        .dewy("retry")
        .registry(registry.registryUrl("shop/retry"))
        .interval("1h")
        .beforeHook("test -f " + fixed + " || { echo \"not fixed yet\" >&2; exit 1; }")
        .create();
    DewyDeployment failed =
        harness.await("retry", LONG, d -> d.getStatus().getPhase() == Phase.Failed);
    assertThat(FlowFixtures.condition(failed, "Reconciling").orElseThrow().getMessage())
        .contains("dewy.dev/retry");

    // when the cause is fixed and a retry is asked for, as a user does it
    try {
      java.nio.file.Files.createFile(fixed);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    var annotated = harness.kubectl().run("annotate", "dd", "retry", "dewy.dev/retry=now");
    assertThat(annotated.exitCode()).as(annotated.toString()).isZero();

    // then the second attempt runs at once and deploys
    DewyDeployment dd =
        harness.await("retry", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(dd.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(dd.getStatus().getHistory().get(1).getResult()).isEqualTo(DeployResult.Aborted);
    assertThat(hookJobs(harness, "retry", "before-deploy")).hasSize(2);
  }

  @Test
  void failingBeforeHookAbortsLeavesWorkloadUntouchedAndRetriesWithGrowingBackoff() {
    // given v1.1.0 whose before hook fails, on a workload at v1.0.0
    registry.pushImages("shop/abort", "v1.0.0", "v1.1.0");
    harness.deployment("abort", registry.imageReference("shop/abort", "v1.0.0"));
    String templateBefore = templateJson(harness, "Deployment", "abort");

    // when
    harness
        .dewy("abort")
        .registry(registry.registryUrl("shop/abort"))
        .beforeHook("test \"$DEWY_VERSION\" != v1.1.0 || { echo boom >&2; exit 3; }")
        .create();

    // then the first attempt is aborted, and says why
    DewyDeployment dd = harness.await("abort", LONG, d -> d.getStatus().getPhase() == Phase.Failed);
    assertThat(templateJson(harness, "Deployment", "abort")).isEqualTo(templateBefore);
    assertThat(ready(dd).getStatus()).isEqualTo("False");
    assertThat(ready(dd).getReason()).isEqualTo("BeforeHookFailed");
    assertThat(ready(dd).getMessage()).contains("exit code 3").contains("boom");
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getExitCode()).isEqualTo(3);
    assertThat(before.getStderr()).isEqualTo("boom\n");
    assertThat(before.getSucceeded()).isFalse();
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    HistoryEntry aborted = dd.getStatus().getHistory().get(0);
    assertThat(aborted.getResult()).isEqualTo(DeployResult.Aborted);
    assertThat(aborted.getVersion()).isEqualTo("v1.1.0");
    assertThat(aborted.getBeforeDeploy().getExitCode()).isEqualTo(3);
    assertThat(warnings(harness, "abort", "DeployAborted"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("exit code 3"));
    assertThat(dd.getStatus().getRetry().getVersion()).isEqualTo("v1.1.0");
    assertThat(dd.getStatus().getRetry().getFailures()).isEqualTo(1);
    assertThat(backoff(dd)).isLessThanOrEqualTo(Duration.ofSeconds(1));

    // and the same version is tried again, as attempt 2 in a new Job, after 1s then 2s
    DewyDeployment second =
        harness.await(
            "abort",
            LONG,
            d -> d.getStatus().getRetry() != null && d.getStatus().getRetry().getFailures() == 2);
    assertThat(second.getStatus().getHistory())
        .extracting(HistoryEntry::getResult)
        .containsExactly(DeployResult.Aborted, DeployResult.Aborted);
    assertThat(second.getStatus().getHistory().get(1).getFinishedAt())
        .isEqualTo(aborted.getFinishedAt());
    assertThat(backoff(second))
        .isGreaterThan(Duration.ofSeconds(1))
        .isLessThanOrEqualTo(Duration.ofSeconds(2));
    String firstJob = HookJobFactory.jobName("abort", HookKind.BEFORE_DEPLOY, "v1.1.0", 1);
    String secondJob = HookJobFactory.jobName("abort", HookKind.BEFORE_DEPLOY, "v1.1.0", 2);
    assertThat(firstJob).isNotEqualTo(secondJob);
    assertThat(hookJobs(harness, "abort", "before-deploy"))
        .extracting(j -> j.getMetadata().getName())
        .contains(firstJob, secondJob);
    assertThat(second.getStatus().getHooks().getBeforeDeploy().getJobName()).isEqualTo(secondJob);
    Job retried =
        harness
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(harness.namespace())
            .withName(secondJob)
            .get();
    assertThat(Instant.parse(retried.getMetadata().getCreationTimestamp()))
        .isAfterOrEqualTo(Instant.parse(dd.getStatus().getRetry().getNotBefore()));
    assertThat(templateJson(harness, "Deployment", "abort")).isEqualTo(templateBefore);

    // when the back-off has grown to 8s and a newer version appears
    DewyDeployment backingOff =
        harness.await(
            "abort",
            LONG,
            d -> d.getStatus().getRetry() != null && d.getStatus().getRetry().getFailures() == 4);
    assertThat(backoff(backingOff)).isGreaterThan(Duration.ofSeconds(7));
    registry.pushImage("shop/abort", "v1.2.0");

    // then its before hook passes and it ships without waiting out v1.1.0's back-off
    DewyDeployment shipped =
        harness.await("abort", LONG, d -> "v1.2.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(Instant.parse(shipped.getStatus().getHistory().get(0).getStartedAt()))
        .isBefore(Instant.parse(backingOff.getStatus().getRetry().getNotBefore()));
    assertThat(shipped.getStatus().getRetry()).isNull();
    assertThat(ready(shipped).getReason()).isEqualTo("UpToDate");
    assertThat(shipped.getStatus().getHistory().get(0).getResult())
        .isEqualTo(DeployResult.Succeeded);
    assertThat(shipped.getStatus().getHooks().getBeforeDeploy().getJobName())
        .isEqualTo(HookJobFactory.jobName("abort", HookKind.BEFORE_DEPLOY, "v1.2.0", 1));
    assertThat(harness.workload("abort").getSpec().getTemplate().getSpec().getContainers().get(0))
        .extracting(c -> c.getImage())
        .isEqualTo(registry.pinnedReference("shop/abort", "v1.2.0"));
  }

  /** From the end of the failed attempt to the earliest next one. */
  private static Duration backoff(DewyDeployment dd) {
    return Duration.between(
        Instant.parse(dd.getStatus().getHistory().get(0).getFinishedAt()),
        Instant.parse(dd.getStatus().getRetry().getNotBefore()));
  }

  @Test
  void failingAfterHookIsReportedButTheDeployCounts() {
    // given
    registry.pushImages("shop/after", "v1.0.0", "v1.1.0");
    harness.deployment("after", registry.imageReference("shop/after", "v1.0.0"));

    // when
    harness
        .dewy("after")
        .registry(registry.registryUrl("shop/after"))
        .afterHook("echo smoke test failed >&2; exit 4")
        .create();

    // then
    DewyDeployment dd =
        harness.await("after", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.workload("after").getSpec().getTemplate().getSpec().getContainers().get(0))
        .extracting(c -> c.getImage())
        .isEqualTo(registry.pinnedReference("shop/after", "v1.1.0"));
    assertThat(ready(dd).getStatus()).isEqualTo("True");
    assertThat(ready(dd).getReason()).isEqualTo("AfterHookFailed");
    assertThat(ready(dd).getMessage()).contains("exit code 4").contains("smoke test failed");
    assertThat(dd.getStatus().getPhase()).isEqualTo(Phase.Idle);
    HistoryEntry entry = dd.getStatus().getHistory().get(0);
    assertThat(entry.getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(entry.getAfterDeploy().getExitCode()).isEqualTo(4);
    assertThat(dd.getStatus().getHooks().getAfterDeploy().getStderr())
        .isEqualTo("smoke test failed\n");
    assertThat(warnings(harness, "after", "AfterHookFailed"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("exit code 4"));
    // later polls with nothing new keep the failure visible, and write nothing
    DewyDeployment later = harness.awaitPasses("after", 2, LONG);
    assertThat(ready(later).getReason()).isEqualTo("AfterHookFailed");
    assertThat(later.getMetadata().getResourceVersion())
        .isEqualTo(dd.getMetadata().getResourceVersion());
    assertThat(hookJobs(harness, "after", "after-deploy")).hasSize(1);
  }

  @Test
  void beforeHookPastItsTimeoutIsKilledAndAbortsKeepingItsOutputSoFar() {
    // given
    registry.pushImages("shop/slow", "v1.0.0", "v1.1.0");
    harness.deployment("slow", registry.imageReference("shop/slow", "v1.0.0"));
    String templateBefore = templateJson(harness, "Deployment", "slow");

    // when
    harness
        .dewy("slow")
        .registry(registry.registryUrl("shop/slow"))
        .beforeHook("echo waiting for the database; sleep 30", h -> h.setTimeout("4s"))
        .create();

    // then
    DewyDeployment dd = harness.await("slow", LONG, d -> d.getStatus().getPhase() == Phase.Failed);
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getReason()).isEqualTo("DeadlineExceeded");
    assertThat(before.getSucceeded()).isFalse();
    assertThat(before.getStdout()).contains("waiting for the database");
    assertThat(ready(dd).getReason()).isEqualTo("BeforeHookFailed");
    assertThat(ready(dd).getMessage()).contains("DeadlineExceeded");
    Job job = hookJobs(harness, "slow", "before-deploy").get(0);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(4L);
    assertThat(job.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getReason()).isEqualTo("DeadlineExceeded");
            });
    assertThat(dd.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Aborted);
    assertThat(templateJson(harness, "Deployment", "slow")).isEqualTo(templateBefore);
  }

  @Test
  void beforeHookWithRetriesIsRunThatManyMoreTimesBeforeTheDeployIsAborted() {
    // given
    registry.pushImages("shop/again", "v1.0.0", "v1.1.0");
    harness.deployment("again", registry.imageReference("shop/again", "v1.0.0"));

    // when
    harness
        .dewy("again")
        .registry(registry.registryUrl("shop/again"))
        .beforeHook("echo flaky >&2; exit 5", h -> h.setRetries(1))
        .create();

    // then
    DewyDeployment dd = harness.await("again", LONG, d -> d.getStatus().getPhase() == Phase.Failed);
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getExitCode()).isEqualTo(5);
    assertThat(before.getStderr()).isEqualTo("flaky\n");
    assertThat(ready(dd).getReason()).isEqualTo("BeforeHookFailed");
    assertThat(ready(dd).getMessage()).contains("exit code 5");
    Job job = hookJobs(harness, "again", "before-deploy").get(0);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
    assertThat(job.getStatus().getFailed()).isEqualTo(2);
    assertThat(harness.get("again").getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
  }

  @Test
  void beforeHookWhoseImageCannotBePulledAbortsWithThePullError() {
    // given
    registry.pushImages("shop/pull", "v1.0.0", "v1.1.0");
    harness.deployment("pull", registry.imageReference("shop/pull", "v1.0.0"));
    String templateBefore = templateJson(harness, "Deployment", "pull");

    // when
    harness
        .dewy("pull")
        .registry(registry.registryUrl("shop/pull"))
        .beforeHook("echo never runs", h -> h.setImage("busybox:unpullable"))
        .create();

    // then
    DewyDeployment dd = harness.await("pull", LONG, d -> d.getStatus().getPhase() == Phase.Failed);
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getReason()).isIn("ErrImagePull", "ImagePullBackOff");
    assertThat(ready(dd).getReason()).isEqualTo("BeforeHookFailed");
    assertThat(ready(dd).getMessage()).contains(before.getReason());
    assertThat(before.getStdout()).isNull();
    assertThat(templateJson(harness, "Deployment", "pull")).isEqualTo(templateBefore);
  }

  @Test
  void stdoutAndStderrAreKeptApartAndLargeOutputIsTruncatedWithAMarker() {
    // given
    registry.pushImages("shop/noisy", "v1.0.0", "v1.1.0");
    harness.deployment("noisy", registry.imageReference("shop/noisy", "v1.0.0"));

    // when
    harness
        .dewy("noisy")
        .registry(registry.registryUrl("shop/noisy"))
        .beforeHook("for i in 1 2 3; do echo out$i; echo err$i >&2; done")
        .afterHook("seq 1 20000; seq 1 20000 >&2")
        .create();

    // then
    DewyDeployment dd =
        harness.await("noisy", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getStdout()).isEqualTo("out1\nout2\nout3\n");
    assertThat(before.getStderr()).isEqualTo("err1\nerr2\nerr3\n");
    HookResult after = dd.getStatus().getHooks().getAfterDeploy();
    assertThat(after.getSucceeded()).isTrue();
    for (String stream : new String[] {after.getStdout(), after.getStderr()}) {
      assertThat(stream).startsWith("[\u2026 ").contains("earlier bytes truncated]");
      assertThat(stream).endsWith("19999\n20000\n");
      assertThat(stream.length()).isLessThan(2048);
    }
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(dd.getStatus()).length())
        .isLessThan(16 * 1024);
    assertThat(readyReason(dd, "UpToDate")).isTrue();
  }
}
