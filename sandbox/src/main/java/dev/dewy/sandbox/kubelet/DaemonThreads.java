package dev.dewy.sandbox.kubelet;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM alive, so a forgotten sandbox cannot hang a test run. */
public final class DaemonThreads {

  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
