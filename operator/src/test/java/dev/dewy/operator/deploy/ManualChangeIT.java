package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.condition;
import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.readyReason;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.ManualChangePolicy;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.Kubectl;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status tells the truth after someone else changes the workload: {@code kubectl set image} and
 * {@code kubectl rollout undo} with the real kubectl are seen as a manual change (condition
 * Drifted, a Warning event and a notification naming the field manager), a change to an older
 * version holds deploys until a pin or dewy.dev/resume, and spec.onManualChange: redeploy deploys
 * the newest again.
 */
class ManualChangeIT {
  private static final Duration LONG = Duration.ofSeconds(90);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  @RegisterExtension final WebhookReceiver receiver = new WebhookReceiver();

  /** Deployment {@code name} at v1.0.0, deployed by its DewyDeployment to v1.1.0. */
  private void deployedToV110(String name, ManualChangePolicy policy) {
    registry.pushImages("shop/" + name, "v1.0.0", "v1.1.0");
    harness.deployment(name, image(name, "v1.0.0"));
    var dewy =
        harness
            .dewy(name)
            .registry(registry.registryUrl("shop/" + name))
            .notifier(receiver.url(), null);
    if (policy != null) {
      dewy.onManualChange(policy);
    }
    dewy.create();
    DewyDeployment dd =
        harness.await(name, LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(dd.getStatus().getDeployedVersion()).isEqualTo("v1.1.0");
    assertThat(condition(dd, "Drifted")).isEmpty();
  }

  private static String image(String name, String tag) {
    return registry.imageReference("shop/" + name, tag);
  }

  /** What dewy-operator deploys for {@code tag}: the image pinned to the registry's digest. */
  private static String deployedImage(String name, String tag) {
    return registry.pinnedReference("shop/" + name, tag);
  }

  private void kubectl(String... args) {
    Kubectl.Result result = harness.kubectl().run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  @Test
  void kubectlSetImageToAnOlderVersionIsReportedAndHoldsDeploysUntilResumed() {
    deployedToV110("web", null);

    // when someone rolls the workload back by hand
    kubectl("set", "image", "deployment/web", "app=" + image("web", "v1.0.0"));

    // then the status says what runs, who set it, and that deploys are held
    DewyDeployment held =
        harness.await("web", LONG, d -> readyReason(d, Reasons.HELD_AFTER_MANUAL_CHANGE));
    assertThat(held.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(held.getStatus().getDeployedVersion()).isEqualTo("v1.1.0");
    assertThat(held.getStatus().getManualChange().getManager()).isEqualTo("kubectl-set");
    assertThat(held.getStatus().getManualChange().getHeld()).isTrue();
    var drifted = condition(held, "Drifted").orElseThrow();
    assertThat(drifted.getStatus()).isEqualTo("True");
    assertThat(drifted.getReason()).isEqualTo(Reasons.MANUAL_CHANGE);
    assertThat(drifted.getMessage())
        .isEqualTo(
            "Deployment \"web\" runs v1.0.0 (image %s), set by kubectl-set; dewy-operator"
                    .formatted(image("web", "v1.0.0"))
                + " deployed v1.1.0");
    assertThat(ready(held).getStatus()).isEqualTo("False");
    assertThat(ready(held).getMessage())
        .startsWith(drifted.getMessage())
        .contains(
            "deploys are held (spec.onManualChange: hold)",
            "set spec.version",
            "kubectl annotate dd web dewy.dev/resume=\"$(date +%s)\" --overwrite");
    List<Event> warnings = FlowFixtures.warnings(harness, "web", Reasons.MANUAL_CHANGE);
    assertThat(warnings)
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("kubectl-set", "deploys are held"));
    JsonNode notified = awaitNotification("MANUAL_CHANGE");
    assertThat(notified.path("severity").asText()).isEqualTo("warning");
    assertThat(notified.path("version").asText()).isEqualTo("v1.0.0");
    assertThat(notified.path("previousVersion").asText()).isEqualTo("v1.1.0");
    assertThat(notified.path("message").asText()).contains("set by kubectl-set");

    // and nothing is deployed while held, however often it looks
    harness.awaitPasses("web", 3, LONG);
    assertThat(harness.image("web")).isEqualTo(image("web", "v1.0.0"));
    assertThat(harness.get("web").getStatus().getHistory()).hasSize(1);

    // when the user resumes, as the message says
    kubectl("annotate", "dd", "web", "dewy.dev/resume=1", "--overwrite");

    // then the newest is deployed again, and the drift is over
    DewyDeployment resumed =
        harness.await(
            "web",
            LONG,
            d ->
                "v1.1.0".equals(d.getStatus().getCurrentVersion())
                    && readyReason(d, Reasons.UP_TO_DATE));
    assertThat(harness.image("web")).isEqualTo(deployedImage("web", "v1.1.0"));
    assertThat(condition(resumed, "Drifted")).isEmpty();
    assertThat(resumed.getStatus().getManualChange()).isNull();
    assertThat(resumed.getStatus().getAcknowledgedResume()).isEqualTo("1");
    assertThat(resumed.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(harness.awaitEvents("web", Reasons.RESUMED))
        .filteredOn(e -> Reasons.RESUMED.equals(e.getReason()))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "resumed by the annotation dewy.dev/resume: v1.0.0 counts as deployed,"
                            + " and deploys go on"));
  }

  @Test
  void kubectlRolloutUndoIsReportedAndHoldsUntilAPinIsSet() {
    deployedToV110("undo", null);

    kubectl("rollout", "undo", "deployment/undo");

    DewyDeployment held =
        harness.await("undo", LONG, d -> readyReason(d, Reasons.HELD_AFTER_MANUAL_CHANGE));
    assertThat(held.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(held.getStatus().getManualChange().getManager()).isEqualTo("kubectl");
    assertThat(condition(held, "Drifted").orElseThrow().getMessage())
        .contains("runs v1.0.0", "set by kubectl;", "dewy-operator deployed v1.1.0");
    assertThat(FlowFixtures.warnings(harness, "undo", Reasons.MANUAL_CHANGE)).hasSize(1);

    // when the user pins the version the rollback went to
    kubectl("patch", "dd", "undo", "--type", "merge", "-p", "{\"spec\":{\"version\":\"v1.0.0\"}}");

    // then the hold ends, and v1.0.0 is what counts as deployed
    DewyDeployment pinned =
        harness.await(
            "undo",
            LONG,
            d ->
                readyReason(d, Reasons.UP_TO_DATE)
                    && "v1.0.0".equals(d.getStatus().getDeployedVersion()));
    assertThat(condition(pinned, "Drifted")).isEmpty();
    assertThat(pinned.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(harness.image("undo")).isEqualTo(image("undo", "v1.0.0"));
    assertThat(harness.awaitEvents("undo", Reasons.RESUMED))
        .anySatisfy(e -> assertThat(e.getMessage()).startsWith("resumed by spec.version"));
  }

  @Test
  void kubectlRolloutUndoDuringAStuckRolloutEndsTheDeployAndIsNotUndoneByTheOperator() {
    // given a rollout that cannot finish: the new image cannot be pulled, no deadline soon
    registry.pushImages("shop/stuck", "v1.0.0", "v1.1.0-unpullable");
    FlowFixtures.deploymentWithDeadline(harness, "stuck", image("stuck", "v1.0.0"), 600);
    harness
        .dewy("stuck")
        .registry(registry.registryUrl("shop/stuck") + "?pre-release=true")
        .notifier(receiver.url(), null)
        .create();
    harness.await(
        "stuck",
        LONG,
        d ->
            d.getStatus().getPhase() == dev.dewy.operator.api.v1alpha1.Phase.Updating
                && condition(d, "Reconciling")
                    .map(c -> c.getReason().equals(Reasons.ROLLING_OUT))
                    .orElse(false));

    // when someone rolls it back by hand while it is rolling out
    kubectl("rollout", "undo", "deployment/stuck");

    // then the attempt ends as Interrupted, the change is reported and deploys hold
    DewyDeployment held =
        harness.await("stuck", LONG, d -> readyReason(d, Reasons.HELD_AFTER_MANUAL_CHANGE));
    var entry = held.getStatus().getHistory().get(0);
    assertThat(entry.getResult())
        .isEqualTo(dev.dewy.operator.api.v1alpha1.DeployResult.Interrupted);
    assertThat(entry.getMessage())
        .isEqualTo(
            "the deploy of v1.1.0-unpullable was interrupted: Deployment \"stuck\" runs v1.0.0"
                + " (image %s), set by kubectl; dewy-operator deployed v1.1.0-unpullable"
                    .formatted(image("stuck", "v1.0.0")));
    assertThat(held.getStatus().getRollout()).isNull();
    assertThat(held.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(held.getStatus().getManualChange().getManager()).isEqualTo("kubectl");
    assertThat(receiver.await("MANUAL_CHANGE", LONG).path("version").asText()).isEqualTo("v1.0.0");
    // and the operator does not put its version back, however often it looks
    harness.awaitPasses("stuck", 3, LONG);
    assertThat(harness.image("stuck")).isEqualTo(image("stuck", "v1.0.0"));
    assertThat(harness.get("stuck").getStatus().getHistory()).hasSize(1);
  }

  @Test
  void theRedeployPolicyDeploysTheNewestAgainAfterAManualChange() {
    deployedToV110("keel", ManualChangePolicy.redeploy);

    kubectl("set", "image", "deployment/keel", "app=" + image("keel", "v1.0.0"));

    // then the change is reported, and the newest deployed again over it
    DewyDeployment again =
        harness.await(
            "keel",
            LONG,
            d -> d.getStatus().getHistory().size() == 2 && readyReason(d, Reasons.UP_TO_DATE));
    assertThat(again.getStatus().getHistory().get(0).getVersion()).isEqualTo("v1.1.0");
    assertThat(again.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(again.getStatus().getCurrentVersion()).isEqualTo("v1.1.0");
    assertThat(harness.image("keel")).isEqualTo(deployedImage("keel", "v1.1.0"));
    assertThat(condition(again, "Drifted")).isEmpty();
    assertThat(FlowFixtures.warnings(harness, "keel", Reasons.MANUAL_CHANGE))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains(
                        "set by kubectl-set",
                        "the newest version is deployed again (spec.onManualChange: redeploy)"));
    assertThat(awaitNotification("MANUAL_CHANGE").path("message").asText())
        .contains("deployed again");
  }

  private JsonNode awaitNotification(String type) {
    return receiver.await(type, LONG);
  }
}
