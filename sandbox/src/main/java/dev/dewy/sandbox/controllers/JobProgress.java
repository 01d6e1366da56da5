package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Job controller's decision for one Job given its pods and the time: the status to record, how
 * many pods to start, whether to end the active ones, and when to look again.
 */
public final class JobProgress {

  /** What the controller should do now. */
  public record Decision(
      JobStatus status, int podsToCreate, List<Pod> podsToDelete, Optional<Instant> recheckAt) {}

  private static final int MAX_BACKOFF_DOUBLINGS = 6;

  private JobProgress() {}

  public static Decision decide(Job job, List<Pod> pods, Instant now, Duration backoff) {
    JobStatus old = job.getStatus() == null ? new JobStatus() : job.getStatus();
    var spec = job.getSpec();
    String time = timestamp(now);
    List<Pod> active = pods.stream().filter(JobProgress::isActive).toList();
    int succeeded = count(pods, "Succeeded");
    int failed = count(pods, "Failed");
    int ready = (int) active.stream().filter(JobProgress::isReady).count();
    boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
    String startTime = old.getStartTime() != null || suspended ? old.getStartTime() : time;
    int completions = Objects.requireNonNullElse(spec.getCompletions(), 1);
    int parallelism = Objects.requireNonNullElse(spec.getParallelism(), 1);
    int backoffLimit = Objects.requireNonNullElse(spec.getBackoffLimit(), 6);
    JobStatusBuilder status =
        new JobStatusBuilder(old)
            .withStartTime(startTime)
            .withActive(active.size())
            .withSucceeded(succeeded)
            .withFailed(failed)
            .withReady(ready)
            .withTerminating(0)
            .withNewUncountedTerminatedPods()
            .endUncountedTerminatedPods();
    if (succeeded >= completions) {
      var conditions =
          JobConditions.succeeded(
              old.getConditions(),
              "CompletionsReached",
              "Reached expected number of succeeded pods",
              time);
      return finished(status.withCompletionTime(time), conditions, active);
    }
    if (failed > backoffLimit) {
      var conditions =
          JobConditions.failed(
              old.getConditions(),
              "BackoffLimitExceeded",
              "Job has reached the specified backoff limit",
              time);
      return finished(status, conditions, active);
    }
    Optional<Instant> deadline = deadline(spec.getActiveDeadlineSeconds(), startTime);
    if (deadline.isPresent() && !now.isBefore(deadline.get())) {
      var conditions =
          JobConditions.failed(
              old.getConditions(),
              "DeadlineExceeded",
              "Job was active longer than specified deadline",
              time);
      return finished(status, conditions, active);
    }
    status.withConditions(JobConditions.suspension(old.getConditions(), suspended, time));
    if (suspended) {
      return new Decision(status.withActive(0).withReady(0).build(), 0, active, Optional.empty());
    }
    int wanted = Math.min(parallelism, completions - succeeded) - active.size();
    if (wanted <= 0) {
      return new Decision(status.build(), 0, List.of(), deadline);
    }
    Instant retryAt = lastFailure(pods).map(t -> t.plus(backoffAfter(failed, backoff))).orElse(now);
    if (now.isBefore(retryAt)) {
      Instant recheck = deadline.filter(d -> d.isBefore(retryAt)).orElse(retryAt);
      return new Decision(status.build(), 0, List.of(), Optional.of(recheck));
    }
    return new Decision(
        status.withActive(active.size() + wanted).build(), wanted, List.of(), deadline);
  }

  /** When a finished Job with {@code ttlSecondsAfterFinished} is due for deletion. */
  public static Optional<Instant> expiry(Job job) {
    Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
    if (ttl == null || job.getStatus() == null) {
      return Optional.empty();
    }
    return finishedAt(job.getStatus()).map(t -> t.plusSeconds(ttl));
  }

  /** When the Job reached Complete or Failed, if it has. */
  public static Optional<Instant> finishedAt(JobStatus status) {
    return JobConditions.finishedAt(status);
  }

  /** A finished Job has no active pods left: the controller ends those still running. */
  private static Decision finished(
      JobStatusBuilder status, List<JobCondition> conditions, List<Pod> active) {
    return new Decision(
        status.withActive(0).withReady(0).withConditions(conditions).build(),
        0,
        active,
        Optional.empty());
  }

  private static Duration backoffAfter(int failures, Duration base) {
    return base.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), MAX_BACKOFF_DOUBLINGS));
  }

  private static Optional<Instant> deadline(Long activeDeadlineSeconds, String startTime) {
    if (activeDeadlineSeconds == null || startTime == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(startTime).plusSeconds(activeDeadlineSeconds));
  }

  private static Optional<Instant> lastFailure(List<Pod> pods) {
    return pods.stream()
        .filter(p -> "Failed".equals(phase(p)))
        .flatMap(p -> p.getStatus().getContainerStatuses().stream())
        .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
        .map(c -> c.getState().getTerminated().getFinishedAt())
        .filter(Objects::nonNull)
        .map(Instant::parse)
        .max(Instant::compareTo);
  }

  private static boolean isActive(Pod pod) {
    String phase = phase(pod);
    return pod.getMetadata().getDeletionTimestamp() == null
        && !"Succeeded".equals(phase)
        && !"Failed".equals(phase);
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static int count(List<Pod> pods, String phase) {
    return (int) pods.stream().filter(p -> phase.equals(phase(p))).count();
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
