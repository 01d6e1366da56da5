package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HooksStatus;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator that stopped right after recording a hook's result (and before moving to the next
 * phase) left status saying so; its successor moves on without running, logging, eventing or
 * notifying that hook again, even though the hook's Job is gone.
 */
class ResumeRecordedHookIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness.stopOperator();
  }

  @Test
  void aRecordedBeforeHookResultIsNotReportedOrRunAgain() {
    registry.pushImages("shop/cart", "v1.0.0", "v1.1.0");
    harness.deployment("cart", registry.imageReference("shop/cart", "v1.0.0"));
    DewyDeployment dd =
        harness
            .dewy("cart")
            .registry(registry.registryUrl("shop/cart"))
            .beforeHook("echo must-not-run-again")
            .create();
    RolloutState rollout = new RolloutState();
    rollout.setVersion("v1.1.0");
    rollout.setPreviousVersion("v1.0.0");
    rollout.setAttempt(1);
    rollout.setStartedAt(Instant.now().toString());
    rollout.setImage(registry.imageReference("shop/cart", "v1.1.0"));
    HookResult recorded = new HookResult();
    recorded.setCommand("echo must-not-run-again");
    recorded.setVersion("v1.1.0");
    recorded.setJobName(HookJobFactory.jobName("cart", HookKind.BEFORE_DEPLOY, "v1.1.0", 1));
    recorded.setSucceeded(true);
    recorded.setExitCode(0);
    recorded.setStdout("recorded before the stop\n");
    dd.getStatus().setCurrentVersion("v1.0.0");
    dd.getStatus().setPhase(Phase.RunningBeforeHook);
    dd.getStatus().setRollout(rollout);
    dd.getStatus().setHooks(new HooksStatus());
    dd.getStatus().getHooks().setBeforeDeploy(recorded);
    harness.client().resource(dd).updateStatus();

    harness.startOperator();

    DewyDeployment done =
        harness.await(
            "cart",
            Duration.ofSeconds(60),
            d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(done.getStatus().getHooks().getBeforeDeploy().getStdout())
        .isEqualTo("recorded before the stop\n");
    assertThat(harness.hookJobs("cart")).isEmpty();
    assertThat(harness.awaitEvents("cart", "DeploySucceeded"))
        .extracting(Event::getReason)
        .contains("DeploySucceeded")
        .doesNotContain("BeforeHookSucceeded", "DeployStarted");
    assertThat(done.getStatus().getHistory().get(0).getBeforeDeploy().getExitCode()).isZero();
  }
}
