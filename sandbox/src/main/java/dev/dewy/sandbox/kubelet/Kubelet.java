package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host-process kubelet: runs pods as {@link PodRun}s, keeps their output in {@link PodLogStore}
 * and reports their status.
 *
 * <p>In the sandbox it takes every pod, and a deleted pod's processes are killed at once, since the
 * sandbox removes pods without a grace period. On a node ({@link #onNode}) it takes the pods bound
 * to that node and ends a deleted pod as kubelet does: SIGTERM, SIGKILL after the grace period, the
 * final status written, then the pod deleted with grace 0.
 */
public final class Kubelet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
  private static final long DEFAULT_GRACE_SECONDS = 30;

  private final KubernetesClient client;
  private final PodLogStore logs;
  private final Path workRoot;
  private final HostCommand hostCommand;
  private final String nodeName;
  private final PodNetwork network;
  private final ImageRuntime images;
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>();
  private final Set<String> ending = ConcurrentHashMap.newKeySet();
  private final ExecutorService processes =
      Executors.newCachedThreadPool(DaemonThreads.named("sandbox-pod"));
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("sandbox-pod-deadlines"));
  private SharedIndexInformer<Pod> informer;

  /** The sandbox's kubelet: every pod, addresses 127.0.0.1. */
  public Kubelet(KubernetesClient client, PodLogStore logs, Path workRoot, HostCommand command) {
    this(client, logs, workRoot, command, null, PodNetwork.LOOPBACK, null);
  }

  private Kubelet(
      KubernetesClient client,
      PodLogStore logs,
      Path workRoot,
      HostCommand command,
      String nodeName,
      PodNetwork network,
      ImageRuntime images) {
    this.client = client;
    this.images = images;
    this.logs = logs;
    this.workRoot = workRoot;
    this.hostCommand = command;
    this.nodeName = nodeName;
    this.network = network;
  }

  /**
   * A node's kubelet: the pods the scheduler bound to {@code nodeName}. It runs the images of
   * serving pods with {@code images}; with null it reports them running without running them.
   */
  public static Kubelet onNode(
      KubernetesClient client,
      String nodeName,
      String hostIp,
      PodLogStore logs,
      Path workRoot,
      HostCommand command,
      ImageRuntime images) {
    return new Kubelet(client, logs, workRoot, command, nodeName, PodNetwork.node(hostIp), images);
  }

  public Kubelet start() {
    var pods = client.pods().inAnyNamespace();
    informer =
        (nodeName == null ? pods : pods.withField("spec.nodeName", nodeName))
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    observe(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    observe(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    PodRun run = runs.remove(pod.getMetadata().getUid());
                    if (run != null) {
                      run.stop();
                    }
                    ending.remove(pod.getMetadata().getUid());
                    logs.forget(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
                  }
                });
    return this;
  }

  private void observe(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() == null) {
      admit(pod);
    } else if (nodeName == null) {
      PodRun run = runs.get(pod.getMetadata().getUid());
      if (run != null) {
        run.stop();
      }
    } else if (ending.add(pod.getMetadata().getUid())) {
      processes.execute(() -> end(pod));
    }
  }

  private void admit(Pod pod) {
    if (!isPending(pod)) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    Path podDir =
        workRoot.resolve(pod.getMetadata().getNamespace() + "_" + pod.getMetadata().getName());
    PodRun run =
        new PodRun(client, pod, podDir, logs, hostCommand, network, nodeName != null, images);
    if (runs.putIfAbsent(uid, run) == null) {
      processes.execute(run);
      Long deadline = pod.getSpec().getActiveDeadlineSeconds();
      if (deadline != null) {
        deadlines.schedule(
            () -> processes.execute(run::deadlineExceeded), deadline, TimeUnit.SECONDS);
      }
    }
  }

  /** Ends a pod that is being deleted, then removes it, as kubelet does on a node. */
  private void end(Pod pod) {
    PodRun run = runs.get(pod.getMetadata().getUid());
    if (run != null) {
      run.terminate(gracePeriod(pod));
      run.awaitFinished(Duration.ofSeconds(15));
      run.reportDeleted();
    }
    remove(pod);
  }

  /**
   * DELETE with grace 0 and the pod's UID as precondition, so that a pod re-created under the same
   * name (a StatefulSet's) is never the one removed.
   */
  private void remove(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String body =
        "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,"
            + "\"preconditions\":{\"uid\":\""
            + pod.getMetadata().getUid()
            + "\"}}";
    var http = client.getHttpClient();
    var request =
        http.newHttpRequestBuilder()
            .uri(
                client.getMasterUrl().toString().replaceAll("/$", "")
                    + "/api/v1/namespaces/"
                    + namespace
                    + "/pods/"
                    + name)
            .method("DELETE", "application/json", body)
            .build();
    try {
      var response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
      if (response.code() >= 300 && response.code() != 404 && response.code() != 409) {
        LOG.warn(
            "pod {}/{}: cannot remove it: {} {}",
            namespace,
            name,
            response.code(),
            response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("pod {}/{}: cannot remove it: {}", namespace, name, e.toString());
    }
  }

  /** What is left of the grace period the deletion gave the pod. */
  private static Duration gracePeriod(Pod pod) {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(seconds == null ? DEFAULT_GRACE_SECONDS : Math.max(0, seconds));
  }

  /** A real API server stores new pods as Pending; the raw mock leaves the phase unset. */
  private static boolean isPending(Pod pod) {
    return pod.getStatus() == null
        || pod.getStatus().getPhase() == null
        || "Pending".equals(pod.getStatus().getPhase());
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    runs.values().forEach(PodRun::stop);
    processes.shutdownNow();
    deadlines.shutdownNow();
  }

  /** A per-sandbox directory for pod files; {@link #deleteWorkRoot} removes it. */
  public static Path temporaryWorkRoot() {
    try {
      return Files.createTempDirectory("sandbox-pods-");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temp directory for pod files", e);
    }
  }

  /** Removes a work root and everything the pods left in it (or any directory tree). */
  public static void deleteWorkRoot(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.debug("cannot remove {}: {}", root, e.toString());
    }
  }
}
