package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole flow on the real control plane with a real OCI registry: poll, before hook, update,
 * after hook, in that order.
 */
class HappyPathIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void newerVersionIsDeployedBetweenBothHooksAndEverythingIsRecorded() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0", "latest", "sha-abc123");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));

    harness
        .dewy("web")
        .registry(registry.registryUrl("shop/web"))
        .beforeHook("echo \"checking $DEWY_VERSION (was $DEWY_PREVIOUS_VERSION)\"; echo warn >&2")
        .afterHook("echo \"deployed $DEWY_VERSION by $DEWY_HOOK\"")
        .create();

    DewyDeployment dd =
        harness.await(
            "web", Duration.ofSeconds(60), d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    Deployment web = harness.workload("web");
    assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(registry.pinnedReference("shop/web", "v1.1.0"));
    assertThat(web.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("dewy.dev/version", "v1.1.0");

    assertThat(dd.getStatus().getPhase()).isEqualTo(Phase.Idle);
    assertThat(dd.getStatus().getLatestVersion()).isEqualTo("v1.1.0");
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getSucceeded()).isTrue();
    assertThat(before.getExitCode()).isZero();
    assertThat(before.getStdout()).isEqualTo("checking v1.1.0 (was v1.0.0)\n");
    assertThat(before.getStderr()).isEqualTo("warn\n");
    assertThat(before.getDuration()).matches("[0-9.]+(ms|s|µs)");
    HookResult after = dd.getStatus().getHooks().getAfterDeploy();
    assertThat(after.getStdout()).isEqualTo("deployed v1.1.0 by after-deploy\n");
    assertThat(dd.getStatus().getHistory()).hasSize(1);
    assertThat(dd.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(dd.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(dd.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(harness.hookJobs("web")).hasSize(2);
    // between both hooks: the before hook ended before the workload was patched, and the after
    // hook began after (kube-apiserver keeps the patch time, in managedFields, to the second)
    Instant patched =
        web.getMetadata().getManagedFields().stream()
            .filter(f -> "dewy-operator".equals(f.getManager()))
            .map(f -> Instant.parse(f.getTime()))
            .max(Instant::compareTo)
            .orElseThrow();
    assertThat(Instant.parse(before.getFinishedAt()).truncatedTo(ChronoUnit.SECONDS))
        .isBeforeOrEqualTo(patched);
    assertThat(Instant.parse(after.getStartedAt())).isAfterOrEqualTo(patched);
    assertThat(
            harness.awaitEvents(
                "web",
                "DeployStarted",
                "BeforeHookSucceeded",
                "AfterHookSucceeded",
                "DeploySucceeded"))
        .extracting(e -> e.getReason())
        .contains("DeployStarted", "BeforeHookSucceeded", "AfterHookSucceeded", "DeploySucceeded");
  }
}
