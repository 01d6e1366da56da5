package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The pod statuses a kubelet reports, as plain data. A new status is laid over the stored one, so
 * that what others own stays: the scheduler's PodScheduled condition, the API server's QoS class.
 */
public final class PodStatuses {

  /** The conditions a kubelet owns; any other condition on the pod is kept as stored. */
  static final Set<String> KUBELET_CONDITIONS =
      Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");

  private PodStatuses() {}

  /**
   * What one pod looks like to its kubelet.
   *
   * @param phase Pending, Running, Succeeded or Failed
   * @param reason a pod-level reason such as DeadlineExceeded; null for none
   * @param init the init containers' statuses, in spec order
   * @param containers the app containers' statuses, in spec order
   * @param initialized whether every init container has completed
   */
  public record PodState(
      String phase,
      String reason,
      String message,
      List<ContainerStatus> init,
      List<ContainerStatus> containers,
      boolean initialized,
      String startTime,
      String hostIp,
      String podIp) {

    boolean containersReady() {
      return !containers.isEmpty() && containers.stream().allMatch(ContainerStatus::getReady);
    }
  }

  /**
   * {@code state} as a status, over {@code stored} (the pod's status as last read; may be null).
   */
  public static PodStatus of(PodStatus stored, PodState state) {
    PodStatus status = new PodStatus();
    if (stored != null) {
      status.setQosClass(stored.getQosClass());
      status.setNominatedNodeName(stored.getNominatedNodeName());
    }
    status.setPhase(state.phase());
    status.setReason(state.reason());
    status.setMessage(state.message());
    status.setStartTime(state.startTime());
    status.setHostIP(state.hostIp());
    status.setHostIPs(List.of(new HostIP(state.hostIp())));
    status.setPodIP(state.podIp());
    status.setPodIPs(List.of(new PodIP(state.podIp())));
    status.setInitContainerStatuses(state.init().isEmpty() ? null : state.init());
    status.setContainerStatuses(state.containers());
    status.setConditions(conditions(stored, state));
    return status;
  }

  private static List<PodCondition> conditions(PodStatus stored, PodState state) {
    List<PodCondition> previous =
        stored == null || stored.getConditions() == null ? List.of() : stored.getConditions();
    boolean terminal = "Succeeded".equals(state.phase()) || "Failed".equals(state.phase());
    boolean ready = state.containersReady() && !terminal;
    List<PodCondition> conditions = new ArrayList<>();
    previous.stream()
        .filter(c -> !KUBELET_CONDITIONS.contains(c.getType()))
        .forEach(conditions::add);
    conditions.add(condition(previous, "PodReadyToStartContainers", !terminal, state, null));
    conditions.add(
        condition(
            previous,
            "Initialized",
            state.initialized(),
            state,
            state.initialized() ? null : "ContainersNotInitialized"));
    String notReady = ready ? null : terminal ? "PodCompleted" : "ContainersNotReady";
    conditions.add(condition(previous, "ContainersReady", ready, state, notReady));
    conditions.add(condition(previous, "Ready", ready, state, notReady));
    return conditions;
  }

  /** A condition whose lastTransitionTime moves only when its status flips, as kubelet keeps it. */
  private static PodCondition condition(
      List<PodCondition> previous, String type, boolean value, PodState state, String reason) {
    String status = value ? "True" : "False";
    String since =
        previous.stream()
            .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
            .map(PodCondition::getLastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(PodRun.now());
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withLastTransitionTime(since)
        .build();
  }

  /** A container waiting for {@code reason}, e.g. ContainerCreating or ImagePullBackOff. */
  public static ContainerState waiting(String reason, String message) {
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .build();
  }

  public static ContainerState running(String startedAt) {
    return new ContainerStateBuilder()
        .withNewRunning()
        .withStartedAt(startedAt)
        .endRunning()
        .build();
  }

  /** A container that exited with {@code exitCode}; {@code reason} null means kubelet's own. */
  public static ContainerState terminated(
      int exitCode, String reason, String message, String startedAt, String finishedAt, String id) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason != null ? reason : exitCode == 0 ? "Completed" : "Error")
        .withMessage(message == null || message.isEmpty() ? null : message)
        .withStartedAt(startedAt)
        .withFinishedAt(finishedAt)
        .withContainerID(id)
        .endTerminated()
        .build();
  }

  /** One container's status: ready only while running, started once it has run. */
  public static ContainerStatus container(
      String name,
      String image,
      ContainerState state,
      ContainerState last,
      int restarts,
      String id,
      boolean ready) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withImage(image)
        .withImageID(id == null ? "" : "sandbox://" + image)
        .withContainerID(id)
        .withState(state)
        .withLastState(last == null ? new ContainerState() : last)
        .withReady(ready && state.getRunning() != null)
        .withStarted(state.getRunning() != null)
        .withRestartCount(restarts)
        .build();
  }
}
