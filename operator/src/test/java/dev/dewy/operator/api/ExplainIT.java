package dev.dewy.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.testing.OperatorAccount;
import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kubectl explain} on the committed CRD, served by kube-apiserver: the fields of embedded
 * Kubernetes types are documented with the words kube-apiserver uses for its own Pods.
 */
@ExtendWith(ControlPlaneExtension.class)
class ExplainIT {
  private Kubectl kubectl;

  @BeforeEach
  void start(ControlPlane plane) {
    OperatorAccount.on(plane);
    kubectl = plane.kubectl();
  }

  @Test
  void explainDocumentsAHookEnvVarSourceAsKubernetesDocumentsAPodsOwn() {
    String ours = explain("dewydeployment.spec.hooks.beforeDeploy.env.valueFrom");
    String pods = explain("pod.spec.containers.env.valueFrom");

    assertThat(ours)
        .contains("Source for the environment variable's value.")
        .contains("configMapKeyRef", "Selects a key of a ConfigMap.")
        .contains("secretKeyRef", "Selects a key of a secret in the pod's namespace");
    // For its own types kubectl adds the referenced type's description (EnvVarSource ...).
    assertThat(description(pods)).startsWith(description(ours));
  }

  @Test
  void explainDocumentsTheLeavesOfEmbeddedTypes() {
    String out = explain("dewydeployment.spec.hooks.afterDeploy.env.valueFrom.fieldRef.fieldPath");

    assertThat(out).contains("Path of the field to select in the specified API version.");
  }

  /**
   * kubectl explain's output; kube-apiserver publishes a new CRD's schema soon after Established.
   */
  private String explain(String field) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> kubectl.run("explain", field), result -> result.exitCode() == 0)
        .stdout();
  }

  /** The DESCRIPTION paragraph of {@code kubectl explain}'s output. */
  private static String description(String explained) {
    int start = explained.indexOf("DESCRIPTION:");
    int end = explained.indexOf("FIELDS:");
    return explained.substring(start, end < 0 ? explained.length() : end).strip();
  }
}
