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
}
