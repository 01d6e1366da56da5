package dev.dewy.operator.demo;

import java.nio.file.Path;

/** The lines the demo prints once, telling the user how to watch the rollout with kubectl. */
public final class DemoGuide {
  private DemoGuide() {}

  /** The kubectl commands to run in another terminal, against {@code kubeconfig}. */
  public static String watchCommands(Path kubeconfig) {
    return """

        Watch the rollout from another terminal:
          export KUBECONFIG=%s
          kubectl get dd -n demo -w
          kubectl describe dd hello -n demo
          kubectl get jobs -n demo
          kubectl get dd hello -n demo -o jsonpath='{.status.hooks.beforeDeploy.stdout}'
          kubectl get dd hello -n demo -o jsonpath='{.status.hooks.afterDeploy.stdout}'
          kubectl get deploy hello -n demo -o jsonpath='{.spec.template.spec.containers[0].image}'
        Press Ctrl-C to stop the demo.
        """
        .formatted(kubeconfig);
  }

  /** How to publish a version on request, and what to change first to see a hook fail. */
  public static String tryCommands() {
    return """

        Publish a newer version whenever you like: type this here and press Enter
          publish v1.3.0
        To see a failing before-deploy hook abort it (the workload is left as it is), first run:
          kubectl patch dd hello -n demo --type merge -p '{"spec":{"hooks":{"beforeDeploy":{"command":"echo checks failed >&2; exit 1"}}}}'
        then publish, and read kubectl describe dd hello -n demo.
        """;
  }
}
