package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One DewyDeployment per workload: the first claims it (label and annotation on the workload), a
 * second is told who owns it and changes nothing, and deleting the owner frees the workload for the
 * other.
 */
class TargetClaimIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void aSecondDewyDeploymentForAClaimedWorkloadWaitsUntilTheOwnerIsGone() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
    harness
        .dewy("first")
        .target("Deployment", "web")
        .registry(registry.registryUrl("shop/web"))
        .pin("v1.0.0")
        .create();
    harness.await("first", TIMEOUT, d -> FlowFixtures.readyReason(d, Reasons.UP_TO_DATE));
    assertThat(harness.workload("web").getMetadata().getLabels())
        .containsEntry("dewy.dev/target", "true");
    assertThat(harness.workload("web").getMetadata().getAnnotations())
        .containsEntry("dewy.dev/deployment", "first");

    harness
        .dewy("second")
        .target("Deployment", "web")
        .registry(registry.registryUrl("shop/web"))
        .create();

    DewyDeployment second =
        harness.await("second", TIMEOUT, d -> FlowFixtures.readyReason(d, Reasons.TARGET_CLAIMED));
    assertThat(ready(second).getMessage())
        .contains("DewyDeployment \"first\"", "delete one of them");
    assertThat(harness.image("web")).endsWith(":v1.0.0");
    assertThat(FlowFixtures.warnings(harness, "second", Reasons.TARGET_CLAIMED)).isNotEmpty();

    harness
        .client()
        .resources(DewyDeployment.class)
        .inNamespace(harness.namespace())
        .withName("first")
        .delete();

    harness.await("second", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.workload("web").getMetadata().getAnnotations())
        .containsEntry("dewy.dev/deployment", "second");
  }
}
