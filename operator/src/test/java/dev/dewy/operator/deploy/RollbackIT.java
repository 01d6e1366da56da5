package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.hookJobs;
import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.api.v1alpha1.RollbackPolicy;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rollbacks on the real control plane: the Deployment controller gives up on an image the node
 * cannot pull (ProgressDeadlineExceeded) or the pods are not ready within spec.rolloutTimeout, and
 * spec.rollback: auto restores the previous image and waits for that rollout; a failing after hook
 * with rollbackOnFailure does the same. What a user sees: the template, status, history, Events,
 * the notification, and that the failed version is not tried again on its own.
 */
class RollbackIT {
  private static final Duration LONG = Duration.ofSeconds(90);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  @RegisterExtension final WebhookReceiver receiver = new WebhookReceiver();

  private static boolean ended(DewyDeployment d, DeployResult result) {
    return d.getStatus().getRollout() == null
        && !d.getStatus().getHistory().isEmpty()
        && d.getStatus().getHistory().get(0).getResult() == result;
  }

  /** The Deployment controller's word that the template's rollout is done. */
  private boolean rolledOut(String name) {
    Deployment d = harness.workload(name);
    return d.getStatus() != null
        && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
        && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
        && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())
        && Integer.valueOf(1).equals(d.getStatus().getReplicas());
  }

  @Test
  void anImageThatCannotBePulledIsRolledBackAndNotTriedAgainUntilANewerOne() {
    // given a Deployment that gives up after 3s, and a newer image the node cannot pull
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0-unpullable");
    String original = registry.imageReference("shop/web", "v1.0.0");
    FlowFixtures.deploymentWithDeadline(harness, "web", original, 3);

    // when
    harness
        .dewy("web")
        .registry(registry.registryUrl("shop/web") + "?pre-release=true")
        .rollback(RollbackPolicy.auto, null)
        // the hooks' own image: by default they run the new one, which cannot be pulled either
        .beforeHook("echo \"before $DEWY_VERSION\"", h -> h.setImage("busybox:1.36"))
        .afterHook("echo \"after $DEWY_VERSION\"", h -> h.setImage("busybox:1.36"))
        .notifier(receiver.url(), null)
        .create();

    // then the previous image is back, rolled out, and everything says what happened
    DewyDeployment dd = harness.await("web", LONG, d -> ended(d, DeployResult.RolledBack));
    assertThat(harness.image("web")).isEqualTo(original);
    assertThat(
            harness
                .workload("web")
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("dewy.dev/version"))
        .isEqualTo("v1.0.0");
    harness.await("web", LONG, d -> rolledOut("web"));
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(dd.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(ready(dd).getStatus()).isEqualTo("False");
    assertThat(ready(dd).getReason()).isEqualTo(Reasons.ROLLED_BACK);
    assertThat(ready(dd).getMessage())
        .isEqualTo(
            "v1.1.0-unpullable was rolled back to v1.0.0: its rollout failed: deployment \"web\""
                + " exceeded its progress deadline (ProgressDeadlineExceeded); v1.1.0-unpullable is"
                + " not tried again until a newer version appears or the annotation"
                + " dewy.dev/retry gets a new value");
    assertThat(FlowFixtures.condition(dd, "Reconciling")).isEmpty();
    HistoryEntry entry = dd.getStatus().getHistory().get(0);
    assertThat(entry.getVersion()).isEqualTo("v1.1.0-unpullable");
    assertThat(entry.getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(entry.getDigest()).isEqualTo(registry.digest("shop/web", "v1.1.0-unpullable"));
    assertThat(entry.getBeforeDeploy().getExitCode()).isZero();
    assertThat(entry.getAfterDeploy()).as("the after hook does not run").isNull();
    assertThat(hookJobs(harness, "web", "after-deploy")).isEmpty();
    assertThat(warnings(harness, "web", Reasons.ROLLING_BACK))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "rolling back v1.1.0-unpullable to v1.0.0: its rollout failed: deployment"
                            + " \"web\" exceeded its progress deadline (ProgressDeadlineExceeded)"));
    assertThat(warnings(harness, "web", Reasons.ROLLED_BACK))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(ready(dd).getMessage()));
    JsonNode notified = receiver.await("ROLLED_BACK", LONG);
    assertThat(notified.path("severity").asText()).isEqualTo("failure");
    assertThat(notified.path("version").asText()).isEqualTo("v1.1.0-unpullable");
    assertThat(notified.path("previousVersion").asText()).isEqualTo("v1.0.0");
    assertThat(notified.path("message").asText()).isEqualTo(ready(dd).getMessage());

    // and: polls go on, but the rolled-back version is not attempted again on its own
    harness.awaitPasses("web", 3, LONG);
    assertThat(hookJobs(harness, "web", "before-deploy")).hasSize(1);
    assertThat(harness.get("web").getStatus().getHistory()).hasSize(1);
    assertThat(harness.image("web")).isEqualTo(original);

    // when a newer version appears, it is deployed at once, from the restored one
    registry.pushImage("shop/web", "v1.1.1");
    DewyDeployment fixed = harness.await("web", LONG, d -> ended(d, DeployResult.Succeeded));
    assertThat(fixed.getStatus().getCurrentVersion()).isEqualTo("v1.1.1");
    assertThat(fixed.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(ready(fixed).getReason()).isEqualTo(Reasons.UP_TO_DATE);
    assertThat(fixed.getStatus().getRetry()).isNull();
  }

  @Test
  void podsNotReadyWithinTheRolloutTimeoutAreRolledBackWithoutAProgressDeadline() {
    // given a Deployment with the server's default progress deadline (10 minutes)
    registry.pushImages("shop/slow", "v1.0.0", "v1.1.0-unpullable");
    String original = registry.imageReference("shop/slow", "v1.0.0");
    FlowFixtures.deploymentWithDeadline(harness, "slow", original, 600);

    // when the DewyDeployment gives a rollout 3s
    harness
        .dewy("slow")
        .registry(registry.registryUrl("shop/slow") + "?pre-release=true")
        .rollback(RollbackPolicy.auto, "3s")
        .create();

    // then
    DewyDeployment dd = harness.await("slow", LONG, d -> ended(d, DeployResult.RolledBack));
    assertThat(harness.image("slow")).isEqualTo(original);
    assertThat(dd.getStatus().getHistory().get(0).getMessage())
        .startsWith(
            "v1.1.0-unpullable was rolled back to v1.0.0: its rollout failed: not rolled out within"
                + " spec.rolloutTimeout (3s): ")
        .endsWith("(RolloutTimeout)");
    harness.await("slow", LONG, d -> rolledOut("slow"));
  }

  @Test
  void aFailingAfterHookWithRollbackOnFailureRestoresThePreviousImage() {
    // given
    registry.pushImages("shop/api", "v1.0.0", "v1.1.0");
    String original = registry.imageReference("shop/api", "v1.0.0");
    harness.deployment("api", original);

    // when the after hook's smoke test fails (spec.rollback left at none)
    harness
        .dewy("api")
        .registry(registry.registryUrl("shop/api"))
        .afterHook(
            "echo \"smoke test of $DEWY_VERSION failed\" >&2; exit 1",
            h -> h.setRollbackOnFailure(true))
        .notifier(receiver.url(), null)
        .create();

    // then the deploy rolled out, the hook ran once after it, and the previous image is back
    DewyDeployment dd = harness.await("api", LONG, d -> ended(d, DeployResult.RolledBack));
    assertThat(harness.image("api")).isEqualTo(original);
    harness.await("api", LONG, d -> rolledOut("api"));
    assertThat(hookJobs(harness, "api", "after-deploy")).hasSize(1);
    var after = dd.getStatus().getHooks().getAfterDeploy();
    assertThat(after.getExitCode()).isEqualTo(1);
    assertThat(after.getStderr()).isEqualTo("smoke test of v1.1.0 failed\n");
    HistoryEntry entry = dd.getStatus().getHistory().get(0);
    assertThat(entry.getVersion()).isEqualTo("v1.1.0");
    assertThat(entry.getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(entry.getAfterDeploy().getExitCode()).isEqualTo(1);
    assertThat(entry.getMessage())
        .startsWith("v1.1.0 was rolled back to v1.0.0: its after-deploy hook failed: ")
        .contains("exit code 1");
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(ready(dd).getReason()).isEqualTo(Reasons.ROLLED_BACK);
    assertThat(warnings(harness, "api", Reasons.AFTER_HOOK_FAILED)).hasSize(1);
    JsonNode notified = receiver.await("ROLLED_BACK", LONG);
    assertThat(notified.path("message").asText()).contains("its after-deploy hook failed");
  }
}
