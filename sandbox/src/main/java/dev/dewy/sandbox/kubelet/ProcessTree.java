package dev.dewy.sandbox.kubelet;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends a host process with everything it started, as a container's cgroup would be ended. */
final class ProcessTree {

  private static final long EXIT_WAIT_SECONDS = 5;

  private ProcessTree() {}

  /** SIGKILL to the process and all its descendants at once. */
  static void kill(ProcessHandle root) {
    Set<ProcessHandle> tree = tree(root);
    tree.forEach(ProcessHandle::destroyForcibly);
    await(root, Duration.ofSeconds(EXIT_WAIT_SECONDS));
  }

  /**
   * SIGTERM to the process, as a container runtime signals a container's first process; whatever of
   * the tree is left after {@code grace} gets SIGKILL. Returns once the process has exited.
   */
  static void terminate(ProcessHandle root, Duration grace) {
    Set<ProcessHandle> tree = tree(root);
    root.destroy();
    await(root, grace);
    tree.addAll(tree(root));
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    await(root, Duration.ofSeconds(EXIT_WAIT_SECONDS));
  }

  private static Set<ProcessHandle> tree(ProcessHandle root) {
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    return tree;
  }

  private static void await(ProcessHandle process, Duration limit) {
    try {
      process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a process stuck in the kernel cannot be waited for; it was signalled all the same
    }
  }
}
