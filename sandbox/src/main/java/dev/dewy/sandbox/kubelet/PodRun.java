package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pod's life on the host: resolve, start the first container's command, report, reap. */
final class PodRun implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PodRun.class);

  private final KubernetesClient client;
  private final Pod pod;
  private final Path podDir;
  private final PodLogStore logs;
  private final HostCommand hostCommand;
  private final ContainerEnv containerEnv;
  private final String startTime = now();
  private volatile Process process;
  private volatile boolean stopped;

  PodRun(KubernetesClient client, Pod pod, Path podDir, PodLogStore logs, HostCommand command) {
    this.client = client;
    this.pod = pod;
    this.podDir = podDir;
    this.logs = logs;
    this.hostCommand = command;
    this.containerEnv = new ContainerEnv(ConfigSource.of(client));
  }

  @Override
  public void run() {
    try {
      writeStatus(PodStatuses.waiting(pod, startTime, "ContainerCreating", null));
      Optional<String> unpullable = UnpullableImages.firstIn(pod.getSpec());
      if (unpullable.isPresent()) {
        String image = unpullable.get();
        writeStatus(
            PodStatuses.waiting(
                pod,
                startTime,
                "ImagePullBackOff",
                "Back-off pulling image \""
                    + image
                    + "\": the sandbox never pulls an image"
                    + " whose tag contains \"unpullable\""));
        return;
      }
      Container container = pod.getSpec().getContainers().get(0);
      Map<String, String> env;
      try {
        env = containerEnv.resolve(pod, container);
      } catch (ContainerConfigException e) {
        writeStatus(
            PodStatuses.waiting(pod, startTime, "CreateContainerConfigError", e.getMessage()));
        return;
      }
      List<String> command = ContainerLaunch.commandOf(container, env);
      if (command.isEmpty()) {
        writeStatus(
            PodStatuses.waiting(
                pod,
                startTime,
                "CreateContainerError",
                "container "
                    + container.getName()
                    + ": the sandbox runs command and args on the"
                    + " host and cannot use an image's entrypoint; set spec.containers[0].command"));
        return;
      }
      runProcess(container, env, command);
    } catch (Exception e) {
      if (!stopped) {
        LOG.warn("pod {}: {}", name(), e.toString(), e);
      }
    }
  }

  private void runProcess(Container container, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ContainerLaunch launch =
        ContainerLaunch.prepare(container, command, env, podDir, name(), hostCommand);
    String startedAt = now();
    synchronized (this) {
      if (stopped) {
        return;
      }
      process = launch.process().start();
    }
    String containerId = "sandbox://" + process.pid();
    writeStatus(PodStatuses.running(pod, startTime, startedAt, containerId));
    copyOutput(process.getInputStream(), container.getName());
    int exitCode = process.waitFor();
    if (stopped) {
      return;
    }
    String log = logs.logs(namespace(), name(), container.getName()).orElse("");
    String message =
        TerminationMessage.of(
            launch.messageFile(), container.getTerminationMessagePolicy(), exitCode, log);
    writeStatus(
        PodStatuses.terminated(pod, startTime, startedAt, now(), exitCode, message, containerId));
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

  /** Kills the whole process tree; the pod's status is left as it is. */
  void stop() {
    synchronized (this) {
      stopped = true;
    }
    Process running = process;
    if (running != null) {
      ProcessTree.kill(running.toHandle());
    }
  }

  private void writeStatus(PodStatus status) {
    if (stopped) {
      return;
    }
    StatusUpdate.apply(
        client,
        Pod.class,
        namespace(),
        name(),
        current -> {
          if (current.getMetadata().getDeletionTimestamp() != null) {
            return null;
          }
          current.setStatus(status);
          return current;
        });
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
}
