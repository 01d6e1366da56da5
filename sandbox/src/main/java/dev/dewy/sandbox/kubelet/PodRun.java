package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pod's life on the host. Init containers run first, in order. A pod that runs to completion
 * (restartPolicy Never or OnFailure: Job pods, {@code kubectl run --restart=Never}) then runs its
 * first container's command; a serving pod (restartPolicy Always: Deployments, StatefulSets,
 * DaemonSets) is reported Running and Ready without running its images.
 */
final class PodRun implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PodRun.class);
  private static final int NOT_STARTED = -1;
  private static final Duration FIRST_RESTART_BACKOFF = Duration.ofSeconds(10);
  private static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(5);
  private static final Duration PULL_BACKOFF_AFTER = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final Pod pod;
  private final Path podDir;
  private final PodLogStore logs;
  private final HostCommand hostCommand;
  private final ContainerEnv containerEnv;
  private final PodNetwork network;
  private final boolean reportWhileDeleting;
  private final String startTime = now();
  private final List<Slot> init;
  private final List<Slot> containers;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private String phase = "Pending";
  private String reason;
  private String message;
  private boolean initialized;
  private volatile Process process;
  private volatile boolean stopped;
  private volatile boolean terminating;

  /**
   * @param reportWhileDeleting whether status is still written once the pod is being deleted: a
   *     node's kubelet reports the final state before it removes the pod; the sandbox deletes pods
   *     at once and only needs the process ended
   */
  PodRun(
      KubernetesClient client,
      Pod pod,
      Path podDir,
      PodLogStore logs,
      HostCommand command,
      PodNetwork network,
      boolean reportWhileDeleting) {
    this.client = client;
    this.pod = pod;
    this.podDir = podDir;
    this.logs = logs;
    this.hostCommand = command;
    this.network = network;
    this.reportWhileDeleting = reportWhileDeleting;
    this.containerEnv = new ContainerEnv(ConfigSource.of(client), network);
    List<Container> inits = pod.getSpec().getInitContainers();
    this.init = inits == null ? List.of() : inits.stream().map(Slot::new).toList();
    this.containers = pod.getSpec().getContainers().stream().map(Slot::new).toList();
    String waiting = init.isEmpty() ? "ContainerCreating" : "PodInitializing";
    init.forEach(slot -> slot.state = PodStatuses.waiting("PodInitializing", null));
    containers.forEach(slot -> slot.state = PodStatuses.waiting(waiting, null));
  }

  /** Whether this pod runs its command to completion rather than serving until deleted. */
  static boolean runsToCompletion(Pod pod) {
    String policy = pod.getSpec().getRestartPolicy();
    return "Never".equals(policy) || "OnFailure".equals(policy);
  }

  @Override
  public void run() {
    try {
      logs.defaultContainer(namespace(), name(), containers.get(0).name);
      publish();
      if (cannotPull()) {
        return;
      }
      for (int i = 0; i < init.size(); i++) {
        if (!runInit(pod.getSpec().getInitContainers().get(i), init.get(i))) {
          return;
        }
      }
      synchronized (this) {
        initialized = true;
      }
      if (runsToCompletion(pod)) {
        runMain();
      } else {
        serve();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!stopped) {
        LOG.warn("pod {}/{}: {}", namespace(), name(), e.toString(), e);
      }
    } finally {
      finished.complete(null);
    }
  }

  /** ErrImagePull, then ImagePullBackOff, for the sandbox's unpullable images; the pod stays. */
  private boolean cannotPull() throws InterruptedException {
    Optional<String> unpullable = UnpullableImages.firstIn(pod.getSpec());
    if (unpullable.isEmpty()) {
      return false;
    }
    String image = unpullable.get();
    Slot slot = slotOf(image);
    String why = "the sandbox never pulls an image whose tag contains \"unpullable\"";
    setState(
        slot,
        PodStatuses.waiting("ErrImagePull", "failed to pull image \"" + image + "\": " + why));
    if (!pause(PULL_BACKOFF_AFTER)) {
      return true;
    }
    setState(
        slot,
        PodStatuses.waiting(
            "ImagePullBackOff", "Back-off pulling image \"" + image + "\": " + why));
    return true;
  }

  private Slot slotOf(String image) {
    return java.util.stream.Stream.concat(init.stream(), containers.stream())
        .filter(slot -> image.equals(slot.image))
        .findFirst()
        .orElse(containers.get(0));
  }

  private boolean runInit(Container container, Slot slot) throws Exception {
    for (Duration backoff = FIRST_RESTART_BACKOFF; ; backoff = next(backoff)) {
      int exitCode = runContainer(container, slot);
      if (exitCode == NOT_STARTED || stopped || terminating) {
        return false;
      }
      if (exitCode == 0) {
        return true;
      }
      if ("Never".equals(pod.getSpec().getRestartPolicy())) {
        finish("Failed");
        return false;
      }
      if (!restartAfter(slot, backoff)) {
        return false;
      }
    }
  }

  private void runMain() throws Exception {
    Container main = pod.getSpec().getContainers().get(0);
    Slot slot = containers.get(0);
    for (Duration backoff = FIRST_RESTART_BACKOFF; ; backoff = next(backoff)) {
      int exitCode = runContainer(main, slot);
      if (exitCode == NOT_STARTED || stopped) {
        return;
      }
      if (exitCode == 0 || terminating || !"OnFailure".equals(pod.getSpec().getRestartPolicy())) {
        finish(exitCode == 0 ? "Succeeded" : "Failed");
        return;
      }
      if (!restartAfter(slot, backoff)) {
        return;
      }
    }
  }

  /** Reports every container running and ready; nothing runs until the pod is deleted. */
  private synchronized void serve() {
    String at = now();
    for (Slot slot : containers) {
      slot.id = "sandbox://" + uid() + "/" + slot.name;
      slot.state = PodStatuses.running(at);
      slot.ready = true;
    }
    phase = "Running";
    publish();
  }

  /**
   * Runs one container's command on the host; returns its exit code, or {@link #NOT_STARTED} when
   * it could not start (the reason is then in its status).
   */
  private int runContainer(Container container, Slot slot) throws Exception {
    Map<String, String> env;
    try {
      env = containerEnv.resolve(pod, container);
    } catch (ContainerConfigException e) {
      setState(slot, PodStatuses.waiting("CreateContainerConfigError", e.getMessage()));
      return NOT_STARTED;
    }
    List<String> command = ContainerLaunch.commandOf(container, env);
    if (command.isEmpty()) {
      setState(
          slot,
          PodStatuses.waiting(
              "CreateContainerError",
              "container "
                  + container.getName()
                  + ": the sandbox runs command and args on the"
                  + " host and cannot use an image's entrypoint; set its command"));
      return NOT_STARTED;
    }
    ContainerLaunch launch =
        ContainerLaunch.prepare(
            container, command, env, podDir.resolve(container.getName()), name(), hostCommand);
    String startedAt = now();
    Process started;
    synchronized (this) {
      if (stopped || terminating) {
        return NOT_STARTED;
      }
      started = launch.process().start();
      process = started;
      slot.id = "sandbox://" + started.pid();
      slot.state = PodStatuses.running(startedAt);
      slot.ready = true;
      if (slot == containers.get(0)) {
        phase = "Running";
      }
    }
    publish();
    copyOutput(started.getInputStream(), container.getName());
    int exitCode = started.waitFor();
    logs.complete(namespace(), name(), container.getName());
    String log = logs.logs(namespace(), name(), container.getName()).orElse("");
    String text =
        TerminationMessage.of(
            launch.messageFile(), container.getTerminationMessagePolicy(), exitCode, log);
    synchronized (this) {
      process = null;
      slot.ready = false;
      slot.state = PodStatuses.terminated(exitCode, null, text, startedAt, now(), slot.id);
    }
    return exitCode;
  }

  /** Reports the container waiting out its back-off, then says whether to run it again. */
  private boolean restartAfter(Slot slot, Duration backoff) throws InterruptedException {
    synchronized (this) {
      slot.last = slot.state;
      slot.restarts++;
      slot.state =
          PodStatuses.waiting(
              "CrashLoopBackOff",
              "back-off " + backoff.toSeconds() + "s restarting failed container=" + slot.name);
    }
    publish();
    return pause(backoff);
  }

  private static Duration next(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(MAX_RESTART_BACKOFF) > 0 ? MAX_RESTART_BACKOFF : doubled;
  }

  /** Waits, unless the pod is stopped or deleted meanwhile; returns whether to go on. */
  private boolean pause(Duration duration) throws InterruptedException {
    long until = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < until) {
      if (stopped || terminating) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(Math.min(100, (until - System.nanoTime()) / 1_000_000 + 1));
    }
    return !stopped && !terminating;
  }

  /** Ends the pod in {@code terminalPhase}; containers that never ran keep their state. */
  private synchronized void finish(String terminalPhase) {
    String at = now();
    for (Slot slot : containers) {
      if (slot.state.getRunning() != null) {
        slot.state =
            PodStatuses.terminated(
                0, null, null, slot.state.getRunning().getStartedAt(), at, slot.id);
        slot.ready = false;
      }
    }
    phase = terminalPhase;
    publish();
  }

  /**
   * The pod's deadline ({@code spec.activeDeadlineSeconds}) has passed: its containers are killed
   * and it fails with DeadlineExceeded, as kubelet does.
   */
  void deadlineExceeded() {
    synchronized (this) {
      if (isTerminal() || stopped) {
        return;
      }
      reason = "DeadlineExceeded";
      message = "Pod was active on the node longer than the specified deadline";
    }
    terminate(Duration.ZERO);
    awaitFinished(Duration.ofSeconds(10));
    synchronized (this) {
      if (!isTerminal()) {
        finish("Failed");
      } else if (!"Failed".equals(phase)) {
        phase = "Failed";
        publish();
      }
    }
  }

  /**
   * The pod is being deleted: SIGTERM to its process, SIGKILL to the whole tree after {@code
   * grace}. The run then reports the final state itself.
   */
  void terminate(Duration grace) {
    Process running;
    synchronized (this) {
      terminating = true;
      running = process;
    }
    if (running != null) {
      ProcessTree.terminate(running.toHandle(), grace);
    }
  }

  /** Waits for the run to end, at most {@code limit}. */
  void awaitFinished(Duration limit) {
    try {
      finished.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // a run stuck in a status write is not worth waiting on longer
    }
  }

  /** After {@link #terminate}: reports serving containers as stopped, and the pod as ended. */
  synchronized void reportDeleted() {
    if (isTerminal()) {
      return;
    }
    boolean allSucceeded =
        containers.stream().allMatch(s -> s.state.getRunning() != null || exitedCleanly(s.state));
    finish(allSucceeded ? "Succeeded" : "Failed");
  }

  private static boolean exitedCleanly(ContainerState state) {
    return state.getTerminated() != null && state.getTerminated().getExitCode() == 0;
  }

  private boolean isTerminal() {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private void copyOutput(InputStream output, String containerName) throws IOException {
    logs.append(namespace(), name(), containerName, "");
    // a Reader keeps multi-byte characters whole across read boundaries
    Reader reader = new InputStreamReader(output, StandardCharsets.UTF_8);
    char[] buffer = new char[8192];
    int read;
    while ((read = reader.read(buffer)) >= 0) {
      logs.append(namespace(), name(), containerName, new String(buffer, 0, read));
    }
  }

  /** The pod is gone: kills the whole process tree at once and reports nothing more. */
  void stop() {
    Process running;
    synchronized (this) {
      stopped = true;
      running = process;
    }
    if (running != null) {
      ProcessTree.kill(running.toHandle());
    }
  }

  private void setState(Slot slot, ContainerState state) {
    synchronized (this) {
      slot.state = state;
      slot.ready = false;
    }
    publish();
  }

  /** Writes the pod's status as this run sees it now, laid over the stored status. */
  private synchronized void publish() {
    if (stopped) {
      return;
    }
    PodStatuses.PodState state =
        new PodStatuses.PodState(
            phase,
            reason,
            message,
            init.stream().map(Slot::status).toList(),
            containers.stream().map(Slot::status).toList(),
            initialized,
            startTime,
            network.hostIp(),
            network.podIp(pod));
    try {
      StatusUpdate.apply(
          client,
          Pod.class,
          namespace(),
          name(),
          current -> {
            boolean deleting = current.getMetadata().getDeletionTimestamp() != null;
            if (!uid().equals(current.getMetadata().getUid())
                || (deleting && !reportWhileDeleting)) {
              return null;
            }
            current.setStatus(PodStatuses.of(current.getStatus(), state));
            return current;
          });
    } catch (RuntimeException e) {
      if (!stopped) {
        LOG.warn("pod {}/{}: status not written: {}", namespace(), name(), e.toString());
      }
    }
  }

  private String uid() {
    return pod.getMetadata().getUid();
  }

  private String name() {
    return pod.getMetadata().getName();
  }

  private String namespace() {
    return pod.getMetadata().getNamespace();
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** What the kubelet tracks of one container. */
  private static final class Slot {
    final String name;
    final String image;
    ContainerState state;
    ContainerState last;
    int restarts;
    String id;
    boolean ready;

    Slot(Container container) {
      this.name = container.getName();
      this.image = container.getImage();
    }

    ContainerStatus status() {
      return PodStatuses.container(name, image, state, last, restarts, id, ready);
    }
  }
}
