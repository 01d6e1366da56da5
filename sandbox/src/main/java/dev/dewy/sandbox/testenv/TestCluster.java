package dev.dewy.sandbox.testenv;

import dev.dewy.sandbox.Kubectl;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * One test's cluster: a fresh sandbox, or a fresh namespace on the shared control plane. Tests that
 * run on both talk to it through this, so a scenario reads the same on each.
 */
public interface TestCluster extends AutoCloseable {

  Backend backend();

  /** A client with every right (the sandbox's, or the control plane's admin). */
  KubernetesClient client();

  /** The namespace this test owns: the sandbox's default one, or a fresh one. */
  String namespace();

  /** The admin kubeconfig. */
  Path kubeconfig();

  /** The control plane's kubectl, defaulting to {@link #namespace()}. */
  Kubectl kubectl();

  @Override
  void close();
}
