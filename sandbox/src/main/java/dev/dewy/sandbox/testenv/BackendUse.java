package dev.dewy.sandbox.testenv;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which Kubernetes APIs the running test has used, for {@link BackendLedger}. Free of JUnit, since
 * the sandbox also runs outside tests (the demo), where this costs a flag read.
 */
public final class BackendUse {
  private static final Set<Backend> used = EnumSet.noneOf(Backend.class);
  private static volatile boolean recording;

  private BackendUse() {}

  /** Notes that the running test, if any, uses {@code backend}. */
  public static void used(Backend backend) {
    if (recording) {
      synchronized (used) {
        used.add(backend);
      }
    }
  }

  static void begin() {
    synchronized (used) {
      used.clear();
    }
    recording = true;
  }

  static Set<Backend> end() {
    recording = false;
    synchronized (used) {
      return EnumSet.copyOf(used);
    }
  }
}
