package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A volume deploy whose fetch init container refused the release: a checksum mismatch, a corrupt
 * archive, no executable, an entry escaping the volume. The pods of the new template then never
 * start, and the Deployment only says so at its progress deadline; the pods say it at once, with
 * the fetcher's own words in their termination message. Such a release is never left in the
 * template: as Dewy keeps running the old release when a download or unpack fails, the previous
 * artifact is put back whatever spec.rollback says ({@link Rollbacks#onFailedRollout}).
 */
final class FetchFailures {
  /**
   * How often the pods are looked at while a volume deploy rolls out: a failing init container
   * changes no field of the workload, so no event would bring the next look.
   */
  static final Duration CHECK_PERIOD = Duration.ofSeconds(5);

  private FetchFailures() {}

  /**
   * The failure of a fetch of the attempt's version in one of the workload's pods, if there is one;
   * pods of other versions (the old ReplicaSet's) are not looked at.
   */
  static Optional<RolloutStatus.Failed> find(Observation o, HasMetadata workload, String version) {
    for (Pod pod : o.cluster().podsOfWorkload(workload)) {
      if (pod.getSpec() == null
          || !ArtifactInitContainer.currentVersion(pod.getSpec()).equals(Optional.of(version))) {
        continue;
      }
      Optional<ContainerStateTerminated> failed = failedFetch(pod);
      if (failed.isPresent()) {
        String volume = WorkloadUpdater.volume(o).orElseThrow();
        return Optional.of(
            new RolloutStatus.Failed(
                Reasons.FETCH_FAILED,
                "the %s init container of pod %s could not put %s into volume %s: %s; publish a release the fetcher accepts as a newer version (or fix this one and annotate dewy.dev/retry)"
                    .formatted(
                        ArtifactInitContainer.NAME,
                        pod.getMetadata().getName(),
                        version,
                        volume,
                        words(failed.get()))));
      }
    }
    return Optional.empty();
  }

  /** The recheck while a volume rollout is in progress: at most {@link #CHECK_PERIOD}. */
  static Duration recheck(Duration recheck) {
    return recheck.compareTo(CHECK_PERIOD) < 0 ? recheck : CHECK_PERIOD;
  }

  /** The fetch init container's last failed run: now, or before the restart now under way. */
  private static Optional<ContainerStateTerminated> failedFetch(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getInitContainerStatuses();
    return statuses.stream()
        .filter(s -> ArtifactInitContainer.NAME.equals(s.getName()))
        .flatMap(s -> Stream.of(s.getState(), s.getLastState()))
        .map(state -> state == null ? null : state.getTerminated())
        .filter(t -> t != null && t.getExitCode() != null && t.getExitCode() != 0)
        .findFirst();
  }

  /** The fetcher's message (its termination log), else how the container ended. */
  private static String words(ContainerStateTerminated terminated) {
    String message = terminated.getMessage() == null ? "" : terminated.getMessage().strip();
    if (!message.isEmpty()) {
      return message;
    }
    return "it exited with code %d%s"
        .formatted(
            terminated.getExitCode(),
            terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")");
  }
}
