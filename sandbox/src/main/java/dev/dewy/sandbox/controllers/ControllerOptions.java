package dev.dewy.sandbox.controllers;

import dev.dewy.sandbox.kubelet.PodLogStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Tuning for the controller stand-ins.
 *
 * @param rolloutDelay how long a workload rollout takes before it shows complete
 * @param jobBackoff the first back-off before a failed Job pod is replaced (doubles per failure)
 * @param nodes how many nodes a DaemonSet pretends to schedule onto
 * @param podLogs where pod output goes; the API serves {@code pods/log} from it
 * @param workRoot where per-pod files (termination messages, working dirs) live; null for a fresh
 *     temp directory
 * @param mountNamespaces whether to bind-mount termination message files in a private mount
 *     namespace (needs root and unshare) rather than rewrite the path in command and args
 */
public record ControllerOptions(
    Duration rolloutDelay,
    Duration jobBackoff,
    int nodes,
    PodLogStore podLogs,
    Path workRoot,
    boolean mountNamespaces) {

  /** Defaults close to a small real cluster, but with second-scale waits. */
  public static ControllerOptions defaults() {
    return new ControllerOptions(
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        1,
        new PodLogStore(),
        null,
        dev.dewy.sandbox.kubelet.HostCommand.mountNamespacesAvailable());
  }

  public ControllerOptions withRolloutDelay(Duration delay) {
    return new ControllerOptions(delay, jobBackoff, nodes, podLogs, workRoot, mountNamespaces);
  }

  public ControllerOptions withJobBackoff(Duration backoff) {
    return new ControllerOptions(rolloutDelay, backoff, nodes, podLogs, workRoot, mountNamespaces);
  }

  public ControllerOptions withNodes(int count) {
    return new ControllerOptions(
        rolloutDelay, jobBackoff, count, podLogs, workRoot, mountNamespaces);
  }

  public ControllerOptions withPodLogs(PodLogStore store) {
    return new ControllerOptions(rolloutDelay, jobBackoff, nodes, store, workRoot, mountNamespaces);
  }

  public ControllerOptions withWorkRoot(Path root) {
    return new ControllerOptions(rolloutDelay, jobBackoff, nodes, podLogs, root, mountNamespaces);
  }

  public ControllerOptions withMountNamespaces(boolean enabled) {
    return new ControllerOptions(rolloutDelay, jobBackoff, nodes, podLogs, workRoot, enabled);
  }
}
