package dev.dewy.sandbox.kubelet;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ends a host process with everything it started, as a container's cgroup would be ended. */
final class ProcessTree {

  private static final long EXIT_WAIT_SECONDS = 5;

  private ProcessTree() {}

  static void kill(ProcessHandle root) {
    List<ProcessHandle> children = root.descendants().toList();
    root.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      root.onExit().get(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a process stuck in the kernel cannot be waited for; it was sent SIGKILL all the same
    }
  }
}
