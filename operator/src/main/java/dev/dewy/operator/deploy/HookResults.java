package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HookSummary;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns a finished hook Job and its pod into the result status, logs and notifications show. */
public final class HookResults {
  /** Waiting reasons that mean the hook's image will not run; worth failing fast on. */
  public static final Set<String> IMAGE_PULL_REASONS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  /** Waiting reasons that mean the hook's container cannot be configured until a user acts. */
  public static final Set<String> CONFIG_REASONS = Set.of("CreateContainerConfigError");

  /** Terminated reasons that say more than the exit code. */
  private static final Set<String> TELLING_TERMINATIONS =
      Set.of("OOMKilled", "ContainerCannotRun", "StartError", "DeadlineExceeded");

  private HookResults() {}

  /** Why a pod's hook container cannot start, as Kubernetes put it. */
  public record Waiting(String reason, String message) {}

  /**
   * The hook's result: exit code and precise timings from the wrapper's termination document,
   * second-precision timings from the container state when the document is missing, and a reason
   * when the exit code alone does not explain a failure. {@code pod} may be null (never created).
   */
  public static HookResult from(Job job, Pod pod, String command, String version) {
    HookResult result = new HookResult();
    result.setCommand(command);
    result.setVersion(version);
    result.setJobName(job.getMetadata().getName());
    result.setSucceeded(succeeded(job));

    Optional<ContainerStatus> status = hookStatus(pod);
    ContainerStateTerminated terminated = status.map(HookResults::terminated).orElse(null);
    HookOutput output = HookOutput.parse(terminated == null ? null : terminated.getMessage());
    if (output.present()) {
      result.setStdout(output.stdout());
      result.setStderr(output.stderr());
    }
    Integer exitCode = terminated != null ? terminated.getExitCode() : output.exitCode();
    result.setExitCode(exitCode);

    Instant started = output.startedAt() != null ? output.startedAt() : time(terminated, true);
    Instant finished = output.finishedAt() != null ? output.finishedAt() : time(terminated, false);
    if (started != null) {
      result.setStartedAt(started.toString());
    }
    if (finished != null) {
      result.setFinishedAt(finished.toString());
    }
    if (started != null && finished != null) {
      result.setDuration(GoDuration.format(Duration.between(started, finished)));
    }
    if (!Boolean.TRUE.equals(result.getSucceeded())) {
      result.setReason(reason(job, pod, terminated));
    }
    return result;
  }

  /** An independent copy, to change without touching the status it came from. */
  public static HookResult copy(HookResult result) {
    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        io.fabric8.kubernetes.client.utils.Serialization.asJson(result), HookResult.class);
  }

  /** How long the hook ran, from its recorded start and finish; null when either is unknown. */
  public static Duration took(HookResult result) {
    if (result.getStartedAt() == null || result.getFinishedAt() == null) {
      return null;
    }
    return Duration.between(
        Instant.parse(result.getStartedAt()), Instant.parse(result.getFinishedAt()));
  }

  /** What history keeps of a hook run: no output, just how it ended. */
  public static HookSummary summary(HookResult result) {
    HookSummary summary = new HookSummary();
    summary.setExitCode(result.getExitCode());
    summary.setDuration(result.getDuration());
    summary.setSucceeded(result.getSucceeded());
    summary.setReason(result.getReason());
    return summary;
  }

  /** Whether the pod's hook container has ended, so its exit code and output can be read. */
  public static boolean hasTerminated(Pod pod) {
    return hookStatus(pod).map(HookResults::terminated).isPresent();
  }

  /** Whether the Job reached Complete or Failed, so its result is final. */
  public static boolean isFinished(Job job) {
    return condition(job, "Complete").isPresent() || condition(job, "Failed").isPresent();
  }

  /** Whether the Job completed successfully. */
  public static boolean succeeded(Job job) {
    return condition(job, "Complete").isPresent();
  }

  /**
   * Whether the hook's image cannot be pulled; the reconciler fails the hook at once rather than
   * waiting for the Job's deadline.
   */
  public static Optional<Waiting> imagePullFailure(Pod pod) {
    return waiting(pod, IMAGE_PULL_REASONS);
  }

  /**
   * Whether the hook's container cannot be set up because a Secret or ConfigMap its env or volumes
   * name is missing; like a pull failure, it fails the hook at once instead of at the deadline.
   */
  public static Optional<Waiting> configFailure(Pod pod) {
    return waiting(pod, CONFIG_REASONS);
  }

  private static Optional<Waiting> waiting(Pod pod, Set<String> reasons) {
    return hookStatus(pod)
        .map(ContainerStatus::getState)
        .map(state -> state.getWaiting())
        .filter(waiting -> reasons.contains(waiting.getReason()))
        .map(waiting -> new Waiting(waiting.getReason(), waiting.getMessage()));
  }

  private static String reason(Job job, Pod pod, ContainerStateTerminated terminated) {
    Optional<Waiting> pull = imagePullFailure(pod);
    if (pull.isPresent()) {
      return pull.get().reason();
    }
    String jobReason = condition(job, "Failed").map(JobCondition::getReason).orElse(null);
    boolean podDeadline =
        pod != null
            && pod.getStatus() != null
            && "DeadlineExceeded".equals(pod.getStatus().getReason());
    if ("DeadlineExceeded".equals(jobReason) || podDeadline) {
      return "DeadlineExceeded";
    }
    if (terminated != null
        && terminated.getReason() != null
        && TELLING_TERMINATIONS.contains(terminated.getReason())) {
      return terminated.getReason();
    }
    return jobReason;
  }

  private static Optional<ContainerStatus> hookStatus(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    return statuses.stream()
        .filter(s -> HookJobFactory.CONTAINER.equals(s.getName()))
        .findFirst()
        .or(() -> statuses.stream().findFirst());
  }

  private static ContainerStateTerminated terminated(ContainerStatus status) {
    if (status.getState() != null && status.getState().getTerminated() != null) {
      return status.getState().getTerminated();
    }
    return status.getLastState() == null ? null : status.getLastState().getTerminated();
  }

  private static Instant time(ContainerStateTerminated terminated, boolean start) {
    if (terminated == null) {
      return null;
    }
    String text = start ? terminated.getStartedAt() : terminated.getFinishedAt();
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }
}
