package dev.dewy.sandbox.kubelet;

import java.util.List;

/** Ends a host process with everything it started, as a container's cgroup would be ended. */
final class ProcessTree {

  private ProcessTree() {}

  static void kill(ProcessHandle root) {
    List<ProcessHandle> children = root.descendants().toList();
    root.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    root.onExit().join();
  }
}
