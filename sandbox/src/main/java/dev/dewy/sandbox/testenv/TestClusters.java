package dev.dewy.sandbox.testenv;

import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.Sandbox;
import dev.dewy.sandbox.SandboxOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Starts {@link TestCluster}s. The control plane is the JVM's shared one, started on first use, so
 * a test that runs only on the sandbox never builds or starts it.
 */
public final class TestClusters {
  private final Supplier<ControlPlane> controlPlane;

  TestClusters(Supplier<ControlPlane> controlPlane) {
    this.controlPlane = controlPlane;
  }

  /**
   * A cluster on {@code backend}: a sandbox running {@code sandbox}'s parts, or a new namespace
   * named after {@code name} on the control plane.
   */
  public TestCluster start(Backend backend, String name, SandboxOptions sandbox) {
    return backend == Backend.SANDBOX ? onSandbox(sandbox) : onControlPlane(name);
  }

  /** As {@link #start(Backend, String, SandboxOptions)}, with the sandbox as a small cluster. */
  public TestCluster start(Backend backend, String name) {
    return start(backend, name, SandboxOptions.cluster());
  }

  /** The shared control plane itself. */
  public ControlPlane controlPlane() {
    return controlPlane.get();
  }

  private TestCluster onControlPlane(String name) {
    ControlPlane plane = controlPlane.get();
    String namespace = plane.createNamespace(name);
    Kubectl kubectl = plane.kubectl().inNamespace(namespace);
    return new TestCluster() {
      @Override
      public Backend backend() {
        return Backend.CONTROL_PLANE;
      }

      @Override
      public KubernetesClient client() {
        return plane.client();
      }

      @Override
      public String namespace() {
        return namespace;
      }

      @Override
      public Path kubeconfig() {
        return plane.kubeconfig();
      }

      @Override
      public Kubectl kubectl() {
        return kubectl;
      }

      @Override
      public void close() {
        plane.deleteNamespace(namespace);
      }
    };
  }

  private TestCluster onSandbox(SandboxOptions options) {
    Sandbox sandbox = Sandbox.start(options);
    Kubectl kubectl =
        new Kubectl(sandbox.kubeconfig(), ControlPlane.kubectlBinary()).inNamespace("default");
    return new TestCluster() {
      @Override
      public Backend backend() {
        return Backend.SANDBOX;
      }

      @Override
      public KubernetesClient client() {
        return sandbox.client();
      }

      @Override
      public String namespace() {
        return "default";
      }

      @Override
      public Path kubeconfig() {
        return sandbox.kubeconfig();
      }

      @Override
      public Kubectl kubectl() {
        return kubectl;
      }

      @Override
      public void close() {
        sandbox.close();
      }
    };
  }
}
