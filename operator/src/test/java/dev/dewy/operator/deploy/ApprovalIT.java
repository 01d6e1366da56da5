package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.readyReason;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.Kubectl;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Approval gates on the real control plane: with spec.approval: manual a new version stops in phase
 * AwaitingApproval before the before-deploy hook, until {@code kubectl annotate dd NAME
 * dewy.dev/approve=VERSION}; approving a version that is no longer the newest is refused; and
 * spec.approvalTimeout ends a wait as NotApproved.
 */
class ApprovalIT {
  private static final Duration LONG = Duration.ofSeconds(90);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  @RegisterExtension final WebhookReceiver receiver = new WebhookReceiver();

  /** Deployment {@code name} at v1.0.0 and its DewyDeployment with manual approval. */
  private void gated(String name, String interval, String timeout) {
    harness.deployment(name, registry.imageReference("shop/" + name, "v1.0.0"));
    harness
        .dewy(name)
        .registry(registry.registryUrl("shop/" + name))
        .interval(interval)
        .manualApproval(timeout)
        .beforeHook("echo before $DEWY_VERSION")
        .afterHook("echo after $DEWY_VERSION")
        .notifier(receiver.url(), null)
        .create();
  }

  private DewyDeployment awaitAwaiting(String name, String version) {
    return harness.await(
        name,
        LONG,
        d ->
            d.getStatus().getPhase() == Phase.AwaitingApproval
                && version.equals(d.getStatus().getRollout().getVersion()));
  }

  private void kubectl(String... args) {
    Kubectl.Result result = harness.kubectl().run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  @Test
  void aNewVersionWaitsUntilApprovedWithKubectlAnnotateThenDeploysWithBothHooks() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    gated("web", "1h", null);

    // the version waits, and says how to approve it
    DewyDeployment waiting = awaitAwaiting("web", "v1.1.0");
    String message =
        "v1.1.0 awaits approval (runs v1.0.0): kubectl dewy approve web v1.1.0, or kubectl"
            + " annotate dd web dewy.dev/approve=v1.1.0 --overwrite";
    assertThat(ready(waiting).getStatus()).isEqualTo("False");
    assertThat(ready(waiting).getReason()).isEqualTo(Reasons.AWAITING_APPROVAL);
    assertThat(ready(waiting).getMessage()).isEqualTo(message);
    assertThat(harness.awaitEvents("web", Reasons.AWAITING_APPROVAL))
        .filteredOn(e -> Reasons.AWAITING_APPROVAL.equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(message));
    JsonNode notified = awaitNotification("APPROVAL_REQUIRED");
    assertThat(notified.path("version").asText()).isEqualTo("v1.1.0");
    assertThat(notified.path("message").asText()).isEqualTo(message);
    assertThat(harness.image("web")).isEqualTo(registry.imageReference("shop/web", "v1.0.0"));
    assertThat(harness.hookJobs("web")).isEmpty();

    // when a person approves it as the message says
    kubectl("annotate", "dd", "web", "dewy.dev/approve=v1.1.0", "--overwrite");

    // then it deploys, both hooks included, and the status says who approved
    DewyDeployment deployed = harness.awaitDeployed("web", "v1.1.0", LONG);
    assertThat(harness.image("web")).isEqualTo(registry.pinnedReference("shop/web", "v1.1.0"));
    assertThat(deployed.getStatus().getAcknowledgedApproval()).isEqualTo("v1.1.0");
    var last = deployed.getStatus().getHistory().get(0);
    assertThat(last.getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(last.getBeforeDeploy().getExitCode()).isZero();
    assertThat(last.getAfterDeploy().getExitCode()).isZero();
    assertThat(harness.awaitEvents("web", Reasons.APPROVED))
        .filteredOn(e -> Reasons.APPROVED.equals(e.getReason()))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "v1.1.0 approved by the annotation dewy.dev/approve, set by"
                            + " kubectl-annotate"));
  }

  @Test
  void approvingAVersionThatIsNoLongerTheNewestIsRefused() {
    registry.pushImages("shop/stale", "v1.0.0", "v1.1.0");
    gated("stale", "1s", null);
    awaitAwaiting("stale", "v1.1.0");

    // a newer version appears while v1.1.0 waits; it takes its place
    registry.pushImages("shop/stale", "v1.2.0");
    awaitAwaiting("stale", "v1.2.0");
    assertThat(harness.awaitEvents("stale", Reasons.APPROVAL_WITHDRAWN))
        .filteredOn(e -> Reasons.APPROVAL_WITHDRAWN.equals(e.getReason()))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "v1.1.0 no longer awaits approval: the newest version under the policy is"
                            + " now v1.2.0"));

    // when someone approves the old one
    kubectl("annotate", "dd", "stale", "dewy.dev/approve=v1.1.0", "--overwrite");

    // then it is refused, once, and nothing is deployed
    DewyDeployment refused =
        harness.await("stale", LONG, d -> "v1.1.0".equals(d.getStatus().getAcknowledgedApproval()));
    assertThat(refused.getStatus().getPhase()).isEqualTo(Phase.AwaitingApproval);
    assertThat(refused.getStatus().getRollout().getVersion()).isEqualTo("v1.2.0");
    var refusals = FlowFixtures.warnings(harness, "stale", Reasons.APPROVAL_REFUSED);
    assertThat(refusals)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "dewy.dev/approve=v1.1.0 is refused: v1.1.0 is not the version awaiting"
                            + " approval, v1.2.0 is (it is the newest the policy allows); approve"
                            + " v1.2.0, or pin v1.1.0 with spec.version"));
    harness.awaitPasses("stale", 3, LONG);
    assertThat(harness.image("stale")).isEqualTo(registry.imageReference("shop/stale", "v1.0.0"));
    assertThat(harness.hookJobs("stale")).isEmpty();
    assertThat(harness.events("stale"))
        .filteredOn(e -> Reasons.APPROVAL_REFUSED.equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

    // approving the newest deploys it
    kubectl("annotate", "dd", "stale", "dewy.dev/approve=v1.2.0", "--overwrite");
    harness.awaitDeployed("stale", "v1.2.0", LONG);
    assertThat(harness.image("stale")).isEqualTo(registry.pinnedReference("shop/stale", "v1.2.0"));
  }

  @Test
  void aVersionNotApprovedWithinTheTimeoutEndsAsNotApprovedUntilApproved() {
    registry.pushImages("shop/late", "v1.0.0", "v1.1.0");
    gated("late", "1h", "3s");

    DewyDeployment ended =
        harness.await(
            "late",
            LONG,
            d -> readyReason(d, Reasons.NOT_APPROVED) && !d.getStatus().getHistory().isEmpty());
    String message =
        "v1.1.0 was not approved within spec.approvalTimeout (3s); nothing was deployed. It is"
            + " offered again when approved (kubectl dewy approve late v1.1.0) or when a newer"
            + " version appears";
    assertThat(ready(ended).getMessage()).isEqualTo(message);
    assertThat(ended.getStatus().getPhase()).isEqualTo(Phase.Idle);
    assertThat(ended.getStatus().getRollout()).isNull();
    var entry = ended.getStatus().getHistory().get(0);
    assertThat(entry.getResult()).isEqualTo(DeployResult.NotApproved);
    assertThat(entry.getVersion()).isEqualTo("v1.1.0");
    assertThat(entry.getPreviousVersion()).isEqualTo("v1.0.0");
    assertThat(entry.getBeforeDeploy()).isNull();
    assertThat(FlowFixtures.warnings(harness, "late", Reasons.NOT_APPROVED))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(message));
    assertThat(awaitNotification("NOT_APPROVED").path("severity").asText()).isEqualTo("warning");
    assertThat(harness.image("late")).isEqualTo(registry.imageReference("shop/late", "v1.0.0"));
    assertThat(harness.hookJobs("late")).isEmpty();

    // approved afterwards, it deploys
    kubectl("annotate", "dd", "late", "dewy.dev/approve=v1.1.0", "--overwrite");
    DewyDeployment deployed = harness.awaitDeployed("late", "v1.1.0", LONG);
    assertThat(deployed.getStatus().getHistory())
        .extracting(h -> h.getResult())
        .containsExactly(DeployResult.Succeeded, DeployResult.NotApproved);
    assertThat(harness.events("late").stream().map(Event::getReason)).contains(Reasons.APPROVED);
  }

  private JsonNode awaitNotification(String type) {
    return receiver.await(type, LONG);
  }
}
