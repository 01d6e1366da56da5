package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stand-in for kubelet: runs each Job-owned pod's first container as a host process, captures its
 * output into {@link PodLogStore} and reports pod status; a deleted pod's process is killed.
 */
public final class Kubelet implements AutoCloseable {

  private final KubernetesClient client;
  private final PodLogStore logs;
  private final Path workRoot;
  private final HostCommand hostCommand;
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private final ExecutorService processes =
      Executors.newCachedThreadPool(DaemonThreads.named("sandbox-pod"));
  private SharedIndexInformer<Pod> informer;

  public Kubelet(KubernetesClient client, PodLogStore logs, Path workRoot, HostCommand command) {
    this.client = client;
    this.logs = logs;
    this.workRoot = workRoot;
    this.hostCommand = command;
  }

  public Kubelet start() {
    informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    admit(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    if (pod.getMetadata().getDeletionTimestamp() != null) {
                      stop(pod);
                    } else {
                      admit(pod);
                    }
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    stop(pod);
                    runs.remove(pod.getMetadata().getUid());
                    logs.forget(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                  }
                });
    return this;
  }

  private void admit(Pod pod) {
    if (!ownedByJob(pod) || !isPending(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    Path podDir =
        workRoot.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName());
    PodRun run = new PodRun(client, pod, podDir, logs, hostCommand);
    if (runs.putIfAbsent(uid, run) == null) {
      processes.execute(run);
    }
  }

  private void stop(Pod pod) {
    PodRun run = runs.get(pod.getMetadata().getUid());
    if (run != null) {
      run.stop();
    }
  }

  /** A real API server stores new pods as Pending; the raw mock leaves the phase unset. */
  private static boolean isPending(Pod pod) {
    return pod.getStatus() == null
        || pod.getStatus().getPhase() == null
        || "Pending".equals(pod.getStatus().getPhase());
  }

  private static boolean ownedByJob(Pod pod) {
    var owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> "Job".equals(o.getKind()));
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    runs.values().forEach(PodRun::stop);
    processes.shutdownNow();
  }

  /** A per-sandbox directory for pod files, removed by the caller when it is done. */
  public static Path temporaryWorkRoot() {
    try {
      return Files.createTempDirectory("sandbox-pods-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temp directory for pod files", e);
    }
  }
}
