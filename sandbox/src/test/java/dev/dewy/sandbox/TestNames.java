package dev.dewy.sandbox;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Names of cluster-wide objects a test creates. The control plane is shared by every test in the
 * JVM and deletes namespaces slowly, so a test that creates a namespace names it uniquely.
 */
public final class TestNames {
  private TestNames() {}

  /** {@code prefix} and a random suffix, e.g. {@code shop-k3x9a}. */
  public static String unique(String prefix) {
    return prefix
        + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
  }
}
