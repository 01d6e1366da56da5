package dev.dewy.sandbox.kubelet;

import dev.dewy.sandbox.image.ImagePullException;
import dev.dewy.sandbox.image.PulledImage;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * DaemonSets) is reported Running and Ready without running its images, unless the node runs images
 * ({@link ImageRuntime}): then each container runs from its pulled image, is Ready once its
 * readiness probe passes, and is restarted with back-off when it exits.
 */
final class PodRun implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PodRun.class);
  private static final int NOT_STARTED = -1;
  private static final Duration FIRST_RESTART_BACKOFF = Duration.ofSeconds(10);
  private static final Duration MAX_RESTART_BACKOFF = Duration.ofMinutes(5);
  private static final Duration PULL_BACKOFF_AFTER = Duration.ofSeconds(1);
  private static final Duration CONFIG_RETRY = Duration.ofSeconds(2);

  private final KubernetesClient client;
  private final Pod pod;
  private final Path podDir;
  private final PodLogStore logs;
  private final HostCommand hostCommand;
  private final ConfigSource configSource;
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
  private final ImageRuntime images;
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
      boolean reportWhileDeleting,
      ImageRuntime images) {
    this.client = client;
    this.images = images;
    this.pod = pod;
    this.podDir = podDir;
    this.logs = logs;
    this.hostCommand = command;
    this.network = network;
    this.reportWhileDeleting = reportWhileDeleting;
    this.configSource = ConfigSource.of(client);
    this.containerEnv = new ContainerEnv(configSource, network);
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
      } else if (images == null || !runImages()) {
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
    return runContainer(
        container,
        slot,
        env -> {
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
            return null;
          }
          return ContainerLaunch.prepare(
              container, command, env, podDir.resolve(container.getName()), name(), hostCommand);
        },
        false);
  }

  /** Builds a container's launch from its resolved env; null when it cannot start. */
  private interface Launcher {
    ContainerLaunch prepare(Map<String, String> env) throws ContainerConfigException, IOException;
  }

  /**
   * Runs one container with the launch {@code launcher} builds; returns its exit code, or {@link
   * #NOT_STARTED}. {@code probed}: the container's readiness and liveness probes are run, and with
   * a readiness probe it is Ready only once that passes.
   */
  private int runContainer(Container container, Slot slot, Launcher launcher, boolean probed)
      throws Exception {
    boolean readyAtStart = !probed || container.getReadinessProbe() == null;
    Map<String, String> env;
    ContainerLaunch launch;
    try {
      env = containerEnv.resolve(pod, container);
      launch = launcher.prepare(env);
    } catch (ContainerConfigException e) {
      setState(slot, PodStatuses.waiting("CreateContainerConfigError", e.getMessage()));
      return NOT_STARTED;
    }
    if (launch == null) {
      return NOT_STARTED;
    }
    String startedAt = now();
    Process started;
    synchronized (this) {
      if (stopped || terminating) {
        return NOT_STARTED;
      }
      started = launch.process().start();
      slot.process = started;
      slot.id = "sandbox://" + started.pid();
      slot.state = PodStatuses.running(startedAt);
      slot.ready = readyAtStart;
      if (slot == containers.get(0)) {
        phase = "Running";
      }
    }
    publish();
    if (probed) {
      probe(container, slot, started);
    }
    copyOutput(started.getInputStream(), container.getName());
    int exitCode = started.waitFor();
    logs.complete(namespace(), name(), container.getName());
    String log = logs.logs(namespace(), name(), container.getName()).orElse("");
    String text =
        TerminationMessage.of(
            launch.messageFile(), container.getTerminationMessagePolicy(), exitCode, log);
    synchronized (this) {
      slot.process = null;
      slot.ready = false;
      slot.state = PodStatuses.terminated(exitCode, null, text, startedAt, now(), slot.id);
    }
    return exitCode;
  }

  /**
   * Runs every container from its image, each restarted with back-off when it exits; returns false,
   * having started nothing, when an image cannot be pulled or has nothing to run: the pod is then
   * served as without {@code --run-images}.
   */
  private boolean runImages() throws Exception {
    List<Container> specs = pod.getSpec().getContainers();
    List<PulledImage> pulled = new ArrayList<>();
    for (Container container : specs) {
      try {
        PulledImage image = images.pull(pod, container, configSource);
        if (ContainerArgv.of(image.config(), container, Map.of()).isEmpty()) {
          LOG.info(
              "pod {}/{}: the image {} of container {} has no entrypoint or cmd and the container"
                  + " no command: reported running without running it",
              namespace(),
              name(),
              container.getImage(),
              container.getName());
          return false;
        }
        pulled.add(image);
      } catch (ImagePullException e) {
        LOG.info(
            "pod {}/{}: the image {} is not pulled ({}): reported running without running it",
            namespace(),
            name(),
            container.getImage(),
            e.getMessage());
        return false;
      }
    }
    Map<String, PodVolumes.HostVolume> volumes = null;
    while (volumes == null) {
      try {
        volumes = new PodVolumes(client, containerEnv).prepare(pod, podDir.resolve("volumes"));
      } catch (ContainerConfigException e) {
        // as kubelet, again until it works: kube-root-ca.crt may not be published yet
        setState(
            containers.get(0), PodStatuses.waiting("CreateContainerConfigError", e.getMessage()));
        if (!pause(CONFIG_RETRY)) {
          return true;
        }
      }
    }
    Map<String, PodVolumes.HostVolume> prepared = volumes;
    List<Thread> others = new ArrayList<>();
    for (int i = 1; i < specs.size(); i++) {
      int index = i;
      Thread thread =
          DaemonThreads.named("pod-container-" + specs.get(i).getName())
              .newThread(
                  () ->
                      serveImage(
                          specs.get(index), containers.get(index), pulled.get(index), prepared));
      others.add(thread);
      thread.start();
    }
    serveImage(specs.get(0), containers.get(0), pulled.get(0), prepared);
    for (Thread thread : others) {
      thread.join();
    }
    return true;
  }

  /** One container of a serving pod, from its image, until the pod ends. */
  private void serveImage(
      Container container,
      Slot slot,
      PulledImage image,
      Map<String, PodVolumes.HostVolume> volumes) {
    slot.imageId = image.reference().withDigest(image.digest());
    Path containerDir = podDir.resolve(container.getName());
    Path root = containerDir.resolve("rootfs");
    try {
      Files.createDirectories(containerDir);
      images.unpack(image, root);
      for (Duration backoff = FIRST_RESTART_BACKOFF; ; ) {
        if (slot.restarts > 0) {
          logs.reset(namespace(), name(), container.getName());
        }
        int exitCode =
            runContainer(
                container,
                slot,
                env -> {
                  ContainerProbe.of(container.getReadinessProbe(), container);
                  ContainerProbe.of(container.getLivenessProbe(), container);
                  Map<String, String> expansion = new LinkedHashMap<>(images.apiServerEnv());
                  expansion.putAll(env);
                  List<String> argv = ContainerArgv.of(image.config(), container, expansion);
                  Map<String, String> all =
                      ImageLaunch.environment(image, images.apiServerEnv(), env, name());
                  return ImageLaunch.prepare(
                      pod, container, image, argv, all, root, containerDir, volumes);
                },
                true);
        if (stopped || terminating) {
          return;
        }
        if (exitCode == NOT_STARTED) {
          // a config error (a missing Secret or key): kubelet tries again until it works
          if (!pause(CONFIG_RETRY)) {
            return;
          }
          continue;
        }
        if (!restartAfter(slot, backoff)) {
          return;
        }
        backoff = next(backoff);
      }
    } catch (ImagePullException | IOException e) {
      setState(slot, PodStatuses.waiting("CreateContainerError", e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!stopped) {
        LOG.warn(
            "pod {}/{}: container {}: {}",
            namespace(),
            name(),
            container.getName(),
            e.toString(),
            e);
      }
    }
  }

  /**
   * Runs the container's readiness and liveness probes while {@code process} lives, as kubelet
   * does: Ready after successThreshold passes, not Ready after failureThreshold failures; a
   * liveness failureThreshold ends the container (SIGTERM, SIGKILL after its grace period), and the
   * restart policy brings it back.
   */
  private void probe(Container container, Slot slot, Process process)
      throws ContainerConfigException {
    // checked before the container started
    Optional<ContainerProbe> readiness =
        ContainerProbe.of(container.getReadinessProbe(), container);
    Optional<ContainerProbe> liveness = ContainerProbe.of(container.getLivenessProbe(), container);
    if (readiness.isEmpty()) {
      setReady(slot, process, true);
    }
    Long graceSeconds = pod.getSpec().getTerminationGracePeriodSeconds();
    Duration grace = Duration.ofSeconds(graceSeconds == null ? 30 : graceSeconds);
    DaemonThreads.named("pod-probe-" + container.getName())
        .newThread(
            () -> {
              ProbeRun ready = readiness.map(ProbeRun::new).orElse(null);
              ProbeRun live = liveness.map(ProbeRun::new).orElse(null);
              try {
                while (process.isAlive() && !stopped && !terminating) {
                  if (ready != null && ready.due()) {
                    ready.record();
                    if (ready.changed()) {
                      setReady(slot, process, ready.passing);
                    }
                  }
                  if (live != null && live.due()) {
                    live.record();
                    if (!live.passing) {
                      LOG.info(
                          "pod {}/{}: container {} failed its liveness probe; restarting it",
                          namespace(),
                          name(),
                          container.getName());
                      ProcessTree.terminate(process.toHandle(), grace);
                      return;
                    }
                  }
                  TimeUnit.MILLISECONDS.sleep(100);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })
        .start();
  }

  /** A probe's schedule and its run of consecutive results. */
  private static final class ProbeRun {
    final ContainerProbe probe;
    long nextAt;
    int successes;
    int failures;
    boolean passing;
    boolean reported;

    ProbeRun(ContainerProbe probe) {
      this.probe = probe;
      this.nextAt = System.nanoTime() + probe.initialDelay().toNanos();
      this.passing = true;
      this.reported = false;
    }

    boolean due() {
      return System.nanoTime() >= nextAt;
    }

    void record() {
      nextAt = System.nanoTime() + probe.period().toNanos();
      if (probe.passes()) {
        failures = 0;
        if (++successes >= probe.successThreshold()) {
          passing = true;
        }
      } else {
        successes = 0;
        if (++failures >= probe.failureThreshold()) {
          passing = false;
        }
      }
    }

    /** Whether the outcome differs from the last one reported (the first pass always does). */
    boolean changed() {
      boolean first = !reported && passing && successes >= probe.successThreshold();
      boolean flipped = reported && passing != lastReported;
      if (first || flipped) {
        reported = true;
        lastReported = passing;
        return true;
      }
      return false;
    }

    boolean lastReported;
  }

  private void setReady(Slot slot, Process process, boolean ready) {
    synchronized (this) {
      if (slot.process != process || slot.ready == ready) {
        return;
      }
      slot.ready = ready;
    }
    publish();
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
    List<Process> running;
    synchronized (this) {
      terminating = true;
      running = processes();
    }
    running.parallelStream().forEach(p -> ProcessTree.terminate(p.toHandle(), grace));
  }

  private List<Process> processes() {
    return java.util.stream.Stream.concat(init.stream(), containers.stream())
        .map(slot -> slot.process)
        .filter(java.util.Objects::nonNull)
        .toList();
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
    List<Process> running;
    synchronized (this) {
      stopped = true;
      running = processes();
    }
    running.forEach(p -> ProcessTree.kill(p.toHandle()));
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
    String imageId;
    boolean ready;
    volatile Process process;

    Slot(Container container) {
      this.name = container.getName();
      this.image = container.getImage();
    }

    ContainerStatus status() {
      ContainerStatus status = PodStatuses.container(name, image, state, last, restarts, id, ready);
      if (imageId != null) {
        status.setImageID(imageId);
      }
      return status;
    }
  }
}
