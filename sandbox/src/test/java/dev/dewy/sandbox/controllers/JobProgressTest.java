package dev.dewy.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobProgressTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final Duration BACKOFF = Duration.ofSeconds(10);

  @Test
  void newJobStartsOnePodAndRecordsStartTime() {
    var decision = JobProgress.decide(job(6), List.of(), NOW, BACKOFF);

    assertThat(decision.podsToCreate()).isEqualTo(1);
    assertThat(decision.status().getStartTime()).isEqualTo("2026-11-26T10:00:00Z");
    assertThat(decision.status().getActive()).isEqualTo(1);
  }

  @Test
  void failedPodIsReplacedOnlyAfterTheBackoffDoublingPerFailure() {
    List<Pod> twoFailures = List.of(failed("2026-11-26T09:59:50Z"), failed("2026-11-26T09:59:55Z"));

    var early = JobProgress.decide(job(6), twoFailures, NOW, BACKOFF);
    var late = JobProgress.decide(job(6), twoFailures, NOW.plusSeconds(15), BACKOFF);

    assertThat(early.podsToCreate()).isZero();
    assertThat(early.recheckAt()).hasValue(Instant.parse("2026-11-26T10:00:15Z"));
    assertThat(late.podsToCreate()).isEqualTo(1);
  }

  @Test
  void failuresBeyondBackoffLimitFailTheJobAndEndActivePods() {
    Pod running =
        new PodBuilder()
            .withNewMetadata()
            .withName("r")
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();

    var decision =
        JobProgress.decide(job(0), List.of(failed("2026-11-26T09:59:00Z"), running), NOW, BACKOFF);

    assertThat(decision.podsToDelete()).containsExactly(running);
    assertThat(decision.status().getConditions())
        .extracting(c -> c.getType() + "/" + c.getReason())
        .containsExactly("FailureTarget/BackoffLimitExceeded", "Failed/BackoffLimitExceeded");
    assertThat(decision.status().getActive()).isZero();
  }

  @Test
  void deadlineCountsFromTheJobStartTime() {
    Job job =
        new JobBuilder(job(6))
            .editSpec()
            .withActiveDeadlineSeconds(30L)
            .endSpec()
            .withNewStatus()
            .withStartTime("2026-11-26T09:59:40Z")
            .endStatus()
            .build();

    var before = JobProgress.decide(job, List.of(), NOW, BACKOFF);
    var after = JobProgress.decide(job, List.of(), NOW.plusSeconds(10), BACKOFF);

    assertThat(before.recheckAt()).hasValue(Instant.parse("2026-11-26T10:00:10Z"));
    assertThat(after.status().getConditions())
        .extracting(c -> c.getReason())
        .contains("DeadlineExceeded");
  }

  @Test
  void finishedJobExpiresTtlSecondsAfterItsCompleteCondition() {
    Job job =
        new JobBuilder(job(6))
            .editSpec()
            .withTtlSecondsAfterFinished(60)
            .endSpec()
            .withNewStatus()
            .addNewCondition()
            .withType("Complete")
            .withStatus("True")
            .withLastTransitionTime("2026-11-26T10:00:00Z")
            .endCondition()
            .endStatus()
            .build();

    assertThat(JobProgress.expiry(job)).hasValue(Instant.parse("2026-11-26T10:01:00Z"));
  }

  @Test
  void suspendedJobStartsNothingAndSaysSo() {
    Job job = new JobBuilder(job(6)).editSpec().withSuspend(true).endSpec().build();

    var decision = JobProgress.decide(job, List.of(), NOW, BACKOFF);

    assertThat(decision.podsToCreate()).isZero();
    assertThat(decision.status().getStartTime()).isNull();
    assertThat(decision.status().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Suspended=True");
  }

  private static Job job(int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("hook")
        .withUid("u1")
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(backoffLimit)
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Pod failed(String finishedAt) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("f" + finishedAt)
        .endMetadata()
        .withNewStatus()
        .withPhase("Failed")
        .addNewContainerStatus()
        .withNewState()
        .withNewTerminated()
        .withExitCode(1)
        .withFinishedAt(finishedAt)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
