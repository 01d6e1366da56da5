package dev.dewy.sandbox.controllers;

import dev.dewy.sandbox.PodLogs;
import dev.dewy.sandbox.kubelet.DaemonThreads;
import dev.dewy.sandbox.kubelet.HostCommand;
import dev.dewy.sandbox.kubelet.Kubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sandbox's controller stand-ins started together: Job controller, kubelet and the Deployment,
 * StatefulSet and DaemonSet rollouts. Closing stops them and kills pod processes.
 */
public final class Controllers implements AutoCloseable {

  private final List<AutoCloseable> parts;
  private final List<ScheduledExecutorService> queues;
  private final PodLogs podLogs;
  private final Path workRoot;

  private Controllers(
      List<AutoCloseable> parts,
      List<ScheduledExecutorService> queues,
      PodLogs podLogs,
      Path workRoot) {
    this.parts = parts;
    this.queues = queues;
    this.podLogs = podLogs;
    this.workRoot = workRoot;
  }

  /** Where the pods' files are: the options' work root, or a temp directory removed on close. */
  public Path workRoot() {
    return workRoot;
  }

  /** Starts every stand-in with {@link ControllerOptions#defaults()}. */
  public static Controllers start(KubernetesClient client) {
    return start(client, ControllerOptions.defaults());
  }

  /** Starts every stand-in against {@code client}; all state comes from the API it talks to. */
  public static Controllers start(KubernetesClient client, ControllerOptions options) {
    ScheduledExecutorService jobQueue =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-jobs"));
    ScheduledExecutorService rolloutQueue =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-rollouts"));
    Path workRoot = options.workRoot() != null ? options.workRoot() : Kubelet.temporaryWorkRoot();
    List<AutoCloseable> parts = new ArrayList<>();
    if (options.workRoot() == null) {
      parts.add(() -> Kubelet.deleteWorkRoot(workRoot));
    }
    parts.add(
        new Kubelet(client, options.podLogs(), workRoot, new HostCommand(options.mountNamespaces()))
            .start());
    parts.add(new JobController(client, options.jobBackoff(), jobQueue).start());
    parts.add(
        new RolloutController<>(
                client, new DeploymentRollout(), options.rolloutDelay(), rolloutQueue)
            .start());
    parts.add(
        new RolloutController<>(
                client, new StatefulSetRollout(), options.rolloutDelay(), rolloutQueue)
            .start());
    parts.add(
        new RolloutController<>(
                client, new DaemonSetRollout(options.nodes()), options.rolloutDelay(), rolloutQueue)
            .start());
    return new Controllers(parts, List.of(jobQueue, rolloutQueue), options.podLogs(), workRoot);
  }

  /** The output of the pods run so far, for the API's {@code pods/log}. */
  public PodLogs podLogs() {
    return podLogs;
  }

  @Override
  public void close() {
    queues.forEach(ScheduledExecutorService::shutdownNow);
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        // closing is best effort: the rest must still stop
      }
    }
  }
}
