package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;

/** The pod statuses kubelet reports along a container's life, as plain data. */
public final class PodStatuses {

  private PodStatuses() {}

  /** Pending with the container waiting for {@code reason}, e.g. ImagePullBackOff. */
  public static PodStatus waiting(Pod pod, String startTime, String reason, String message) {
    ContainerState state =
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .build();
    return base(pod, "Pending", startTime, false)
        .withContainerStatuses(container(pod, state, false, null))
        .build();
  }

  /** Running since {@code startedAt}; ready, since sandbox containers have no probes. */
  public static PodStatus running(Pod pod, String startTime, String startedAt, String containerId) {
    ContainerState state =
        new ContainerStateBuilder().withNewRunning().withStartedAt(startedAt).endRunning().build();
    return base(pod, "Running", startTime, true)
        .withContainerStatuses(container(pod, state, true, containerId))
        .build();
  }

  /** Succeeded or Failed after the container exited with {@code exitCode}. */
  public static PodStatus terminated(
      Pod pod,
      String startTime,
      String startedAt,
      String finishedAt,
      int exitCode,
      String message,
      String id) {
    ContainerState state =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(exitCode == 0 ? "Completed" : "Error")
            .withMessage(message == null || message.isEmpty() ? null : message)
            .withStartedAt(startedAt)
            .withFinishedAt(finishedAt)
            .withContainerID(id)
            .endTerminated()
            .build();
    PodStatusBuilder status = base(pod, exitCode == 0 ? "Succeeded" : "Failed", startTime, false);
    return status.withContainerStatuses(container(pod, state, false, id)).build();
  }

  private static PodStatusBuilder base(Pod pod, String phase, String startTime, boolean ready) {
    String readiness = ready ? "True" : "False";
    List<PodCondition> conditions =
        List.of(
            condition("PodScheduled", "True", startTime),
            condition("Initialized", "True", startTime),
            condition("ContainersReady", readiness, startTime),
            condition("Ready", readiness, startTime));
    return new PodStatusBuilder()
        .withPhase(phase)
        .withStartTime(startTime)
        .withHostIP("127.0.0.1")
        .withPodIP("127.0.0.1")
        .withQosClass("BestEffort")
        .withConditions(conditions);
  }

  private static PodCondition condition(String type, String status, String time) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withLastTransitionTime(time)
        .build();
  }

  private static ContainerStatus container(
      Pod pod, ContainerState state, boolean ready, String containerId) {
    var container = pod.getSpec().getContainers().get(0);
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID(containerId == null ? "" : "sandbox://" + container.getImage())
        .withContainerID(containerId)
        .withState(state)
        .withReady(ready)
        .withStarted(state.getRunning() != null)
        .withRestartCount(0)
        .build();
  }
}
