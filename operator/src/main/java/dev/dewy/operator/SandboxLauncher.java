package dev.dewy.operator;

import dev.dewy.sandbox.Sandbox;
import dev.dewy.sandbox.SandboxOptions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Runs the operator against the embedded sandbox: an in-memory Kubernetes API whose Jobs run on
 * this host and whose workloads roll out by themselves, so the operator can be tried with no
 * cluster.
 */
public final class SandboxLauncher {
  public static final Path KUBECONFIG = Path.of("target", "sandbox.kubeconfig");
  private static final String CRD_RESOURCE = "/crds/dewydeployments.dewy.dev-v1.yml";

  private SandboxLauncher() {}

  static void run(OperatorOptions options) throws Exception {
    Sandbox sandbox = start(KUBECONFIG.toAbsolutePath());
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
    KubernetesClient client = Main.newClient(sandbox.clientConfig());
    System.out.println(
        "dewy-operator: sandbox API on "
            + sandbox.url()
            + "; use it with: export KUBECONFIG="
            + sandbox.kubeconfig());
    Main.runUntilStopped(client, options);
  }

  /** A sandbox with the Job and rollout stand-ins and the DewyDeployment CRD installed. */
  public static Sandbox start(Path kubeconfig) throws IOException {
    Sandbox sandbox = Sandbox.start(SandboxOptions.cluster(), kubeconfig);
    sandbox.client().apiextensions().v1().customResourceDefinitions().resource(crd()).create();
    return sandbox;
  }

  /** The committed CRD, packaged into the jar by the build. */
  static CustomResourceDefinition crd() throws IOException {
    try (InputStream in = SandboxLauncher.class.getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IOException(CRD_RESOURCE + " is missing from the jar; rebuild with mvn package");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
  }
}
