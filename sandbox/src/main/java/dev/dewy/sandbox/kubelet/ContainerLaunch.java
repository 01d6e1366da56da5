package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a container starts on the host: its expanded command and args, an environment holding only
 * PATH, HOME, HOSTNAME and the container's env, its working dir, and its termination message file.
 *
 * @param process ready to start, stdout and stderr merged in write order as {@code kubectl logs}
 * @param messageFile the pod's own file that stands for the container's terminationMessagePath
 */
record ContainerLaunch(ProcessBuilder process, Path messageFile) {

  private static final String DEFAULT_MESSAGE_PATH = "/dev/termination-log";

  /** The command and args with {@code $(VAR)} expanded; empty when the container sets neither. */
  static List<String> commandOf(Container container, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    if (container.getCommand() != null && !container.getCommand().isEmpty()) {
      container.getCommand().forEach(arg -> command.add(EnvExpansion.expand(arg, env)));
    } else {
      ImageCommands.entrypoint(container.getImage(), System.getenv()).ifPresent(command::addAll);
    }
    if (container.getArgs() != null) {
      container.getArgs().forEach(arg -> command.add(EnvExpansion.expand(arg, env)));
    }
    return command;
  }

  static ContainerLaunch prepare(
      Container container,
      List<String> command,
      Map<String, String> containerEnv,
      Path podDir,
      String hostname,
      HostCommand hostCommand)
      throws IOException {
    Files.createDirectories(podDir);
    Path messageFile = Files.writeString(podDir.resolve("termination-log"), "");
    String messagePath =
        container.getTerminationMessagePath() == null
            ? DEFAULT_MESSAGE_PATH
            : container.getTerminationMessagePath();
    Map<String, String> env = new LinkedHashMap<>(containerEnv);
    List<String> argv = hostCommand.argv(command, messagePath, messageFile, env);
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.directory(workingDir(container, podDir).toFile());
    Map<String, String> processEnv = builder.environment();
    String path = processEnv.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    processEnv.clear();
    processEnv.put("PATH", path);
    processEnv.put("HOME", System.getProperty("user.home"));
    processEnv.put("HOSTNAME", hostname);
    processEnv.putAll(env);
    return new ContainerLaunch(builder, messageFile);
  }

  /** The container's workingDir when the host has it, else a directory of the pod's own. */
  private static Path workingDir(Container container, Path podDir) throws IOException {
    if (container.getWorkingDir() != null
        && Files.isDirectory(Path.of(container.getWorkingDir()))) {
      return Path.of(container.getWorkingDir());
    }
    return Files.createDirectories(podDir.resolve("workdir"));
  }
}
