package dev.dewy.operator.testing;

/** The manifests the E2E tests apply with kubectl: a Deployment "web" and its DewyDeployment. */
public final class WebManifest {
  private WebManifest() {}

  /** A one-replica Deployment "web" whose container "app" runs {@code image}. */
  public static String deployment(String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: app, image: "%s"}]
        """
        .formatted(image);
  }

  /**
   * The Deployment at {@code image} and a DewyDeployment "web" polling {@code registryUrl} every
   * second, with both hooks.
   */
  public static String withHooks(
      String image, String registryUrl, String beforeHook, String afterHook) {
    return deployment(image)
        + """
        ---
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: web}
        spec:
          registry: %s
          interval: 1s
          target: {kind: Deployment, name: web}
          hooks:
            beforeDeploy: {command: '%s'}
            afterDeploy: {command: '%s'}
        """
            .formatted(registryUrl, beforeHook, afterHook);
  }
}
