package dev.dewy.sandbox.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host argv for a container. As root the process gets a private mount namespace in which the
 * pod's own message file is bind-mounted onto {@code terminationMessagePath}; otherwise the path is
 * rewritten in command and args and offered as {@code $TERMINATION_MESSAGE_PATH}.
 */
public final class HostCommand {

  /** The env var that carries the per-pod termination message file in the fallback mode. */
  public static final String MESSAGE_PATH_ENV = "TERMINATION_MESSAGE_PATH";

  private static final String BIND_AND_EXEC =
      "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"";

  private final boolean mountNamespaces;

  public HostCommand(boolean mountNamespaces) {
    this.mountNamespaces = mountNamespaces;
  }

  /** Whether this host can give a process its own mount namespace (root with unshare). */
  public static boolean mountNamespacesAvailable() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/unshare"))
        && Files.isExecutable(Path.of("/usr/bin/mount"));
  }

  public boolean usesMountNamespace() {
    return mountNamespaces;
  }

  /** Builds the argv and, in fallback mode, adds the env var that names the message file. */
  public List<String> argv(
      List<String> command, String messagePath, Path messageFile, Map<String, String> env)
      throws IOException {
    if (mountNamespaces) {
      createMountTarget(Path.of(messagePath));
      List<String> argv = new ArrayList<>();
      argv.addAll(List.of("/usr/bin/unshare", "--mount", "--propagation", "private"));
      argv.addAll(List.of("/bin/sh", "-c", BIND_AND_EXEC, "sandbox-bind"));
      argv.add(messageFile.toString());
      argv.add(messagePath);
      argv.addAll(command);
      return argv;
    }
    env.put(MESSAGE_PATH_ENV, messageFile.toString());
    return command.stream().map(arg -> arg.replace(messagePath, messageFile.toString())).toList();
  }

  private static void createMountTarget(Path target) throws IOException {
    if (Files.exists(target)) {
      return;
    }
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    try {
      Files.createFile(target);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another pod created it first
    }
  }
}
