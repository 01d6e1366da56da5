package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator used as people use it: the real kubectl against the control plane, with the
 * committed CRD, a manifest applied from a file, and kubectl get/describe/wait/explain/delete.
 */
class KubectlE2E {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  private Kubectl kubectl;

  @BeforeEach
  void start() {
    kubectl = harness.kubectl();
  }

  @Test
  void applyGetDescribeWaitExplainAndDeleteADewyDeployment() throws Exception {
    registry.pushImages("shop/api", "v2.0.0", "v2.1.0");
    harness.deployment("api", registry.imageReference("shop/api", "v2.0.0"));
    Path manifest = Files.createTempFile("api", ".yaml");
    Files.writeString(manifest, manifest("echo checking $DEWY_VERSION"));

    // The harness applied the CRD server-side: kubectl's first apply records its annotation, and
    // applying the same file again changes nothing on kube-apiserver.
    String crd = "../crds/dewydeployments.dewy.dev-v1.yml";
    assertThat(ok("apply", "-f", crd))
        .containsPattern("dewydeployments.dewy.dev (configured|unchanged)");
    assertThat(ok("apply", "-f", crd)).contains("dewydeployments.dewy.dev unchanged");
    assertThat(ok("apply", "-f", manifest.toString()))
        .contains("dewydeployment.dewy.dev/api created");
    Kubectl.Running waiting =
        kubectl.start("wait", "dd/api", "--for=condition=Ready", "--timeout=90s");

    await().atMost(Duration.ofSeconds(90)).until(() -> !waiting.process().isAlive());
    assertThat(waiting.process().exitValue()).as(waiting.stderr()).isZero();
    assertThat(waiting.stdout()).contains("dewydeployment.dewy.dev/api condition met");

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> ok("get", "dd"),
            out -> out.matches("(?s).*api\\s+True\\s+v2\\.1\\.0\\s+v2\\.1\\.0.*"));
    String table = ok("get", "dd");
    assertThat(table.lines().findFirst().orElseThrow())
        .matches("NAME\\s+READY\\s+CURRENT\\s+LATEST\\s+PHASE\\s+AGE");
    assertThat(table).containsPattern("api\\s+True\\s+v2.1.0\\s+v2.1.0\\s+Idle\\s+\\d+s");

    // the DeploySucceeded Event follows the status write that kubectl get has just shown
    String described =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> ok("describe", "dd", "api"), out -> out.contains("DeploySucceeded"));
    assertThat(described).contains("Current Version:", "v2.1.0", "checking v2.1.0");

    assertThat(ok("apply", "-f", manifest.toString()))
        .contains("dewydeployment.dewy.dev/api unchanged");
    Files.writeString(manifest, manifest("echo checking again $DEWY_VERSION"));
    assertThat(ok("apply", "-f", manifest.toString()))
        .contains("dewydeployment.dewy.dev/api configured");

    assertThat(ok("explain", "dewydeployment.spec.hooks"))
        .contains("beforeDeploy", "the deploy is aborted", "afterDeploy");
    assertThat(ok("get", "dd", "api", "-o", "jsonpath={.status.hooks.beforeDeploy.stdout}"))
        .isEqualTo("checking v2.1.0\n");

    assertThat(harness.hookJobs("api")).isNotEmpty();
    assertThat(ok("delete", "dd", "api")).contains("deleted");
    await().atMost(Duration.ofSeconds(30)).until(() -> harness.hookJobs("api").isEmpty());
  }

  private String ok(String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.stdout();
  }

  private String manifest(String beforeCommand) {
    return """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: api, namespace: %s}
        spec:
          registry: %s
          interval: 1s
          target: {kind: Deployment, name: api}
          hooks:
            beforeDeploy: {command: "%s"}
            afterDeploy: {command: "echo done"}
        """
        .formatted(harness.namespace(), registry.registryUrl("shop/api"), beforeCommand);
  }
}
