package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hook output outlives its Job: kube-controller-manager's TTL-after-finished controller removes
 * finished hook Jobs (and the garbage collector their pods), and the status still shows what the
 * hooks printed, without the operator taking the gone Jobs for lost ones.
 */
class HookJobTtlIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension
  final OperatorExtension operator = OperatorExtension.withHookJobTtl(Duration.ofSeconds(2));

  private OperatorHarness harness;

  @Test
  void hookOutputStaysInStatusAfterTheTtlControllerRemovesTheJobs() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));

    harness
        .dewy("web")
        .registry(registry.registryUrl("shop/web"))
        .beforeHook("echo \"before $DEWY_VERSION\"")
        .afterHook("echo \"after $DEWY_VERSION\"")
        .create();

    harness.await("web", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                harness.hookJobs("web").isEmpty()
                    && harness
                        .client()
                        .pods()
                        .inNamespace(harness.namespace())
                        .withLabel("dewy.dev/deployment", "web")
                        .list()
                        .getItems()
                        .isEmpty());

    DewyDeployment dd = harness.awaitPasses("web", 2, TIMEOUT);
    assertThat(dd.getStatus().getHooks().getBeforeDeploy().getStdout())
        .isEqualTo("before v1.1.0\n");
    assertThat(dd.getStatus().getHooks().getAfterDeploy().getStdout()).isEqualTo("after v1.1.0\n");
    assertThat(dd.getStatus().getHooks().getBeforeDeploy().getReason()).isNull();
    assertThat(dd.getStatus().getHistory()).hasSize(1);
    assertThat(dd.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(FlowFixtures.ready(dd).getStatus()).isEqualTo("True");
    var stdout =
        harness
            .kubectl()
            .run("get", "dd", "web", "-o", "jsonpath={.status.hooks.afterDeploy.stdout}");
    assertThat(stdout.stdout()).as(stdout.toString()).isEqualTo("after v1.1.0\n");
  }
}
