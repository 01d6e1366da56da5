package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.readyReason;
import static dev.dewy.operator.deploy.FlowFixtures.templateJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.Dewy;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which version ships, and when: adoption, pre-releases, pins, suspend, no hooks. */
class VersionPolicyIT {
  private static final Duration LONG = Duration.ofSeconds(60);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  /** A DewyDeployment of {@code registryUrl} targeting the Deployment of the same name. */
  private Dewy dewy(String name, String registryUrl) {
    return harness.dewy(name).registry(registryUrl);
  }

  /** Waits for two more passes, so "nothing happened" is not just "nothing happened yet". */
  private DewyDeployment afterTwoMorePolls(String name) {
    harness.await(name, LONG, d -> d.getStatus().getLatestVersion() != null);
    return harness.awaitPasses(name, 2, LONG);
  }

  @Test
  void workloadAlreadyAtTheNewestTagIsAdoptedAndNothingIsDeployed() {
    // given a workload at the newest version, among tags that are not versions
    registry.pushImages("shop/adopt", "v1.0.0", "v1.2.0", "latest", "main", "sha-abc123", "V9.0.0");
    harness.deployment("adopt", registry.imageReference("shop/adopt", "v1.2.0"));
    String template = templateJson(harness, "Deployment", "adopt");

    // when
    dewy("adopt", registry.registryUrl("shop/adopt")).beforeHook("true").create();

    // then
    DewyDeployment dd = afterTwoMorePolls("adopt");
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.2.0");
    assertThat(dd.getStatus().getLatestVersion()).isEqualTo("v1.2.0");
    assertThat(ready(dd).getStatus()).isEqualTo("True");
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
    assertThat(dd.getStatus().getHistory()).isNullOrEmpty();
    assertThat(harness.hookJobs("adopt")).isEmpty();
    assertThat(templateJson(harness, "Deployment", "adopt")).isEqualTo(template);
  }

  @Test
  void preReleaseIsIgnoredUnlessTheUrlOptsIn() {
    // given
    registry.pushImages("shop/rc", "v1.0.0", "v1.2.0-rc.1");
    harness.deployment("stable", registry.imageReference("shop/rc", "v1.0.0"));
    harness.deployment("early", registry.imageReference("shop/rc", "v1.0.0"));

    // when
    dewy("stable", registry.registryUrl("shop/rc")).create();
    dewy("early", registry.registryUrl("shop/rc") + "?pre-release=true").create();

    // then
    DewyDeployment early =
        harness.await("early", LONG, d -> "v1.2.0-rc.1".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("early"))
        .isEqualTo(registry.pinnedReference("shop/rc", "v1.2.0-rc.1"));
    assertThat(early.getStatus().getLatestVersion()).isEqualTo("v1.2.0-rc.1");
    DewyDeployment stable = afterTwoMorePolls("stable");
    assertThat(stable.getStatus().getLatestVersion()).isEqualTo("v1.0.0");
    assertThat(stable.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(harness.image("stable")).isEqualTo(registry.imageReference("shop/rc", "v1.0.0"));
    assertThat(ready(stable).getReason()).isEqualTo("UpToDate");
  }

  @Test
  void calVerPolicyDeploysTheNewestDateAndIgnoresSemVerTags() {
    registry.pushImages("shop/cal", "2024.01.15", "2024.02.01", "v9.0.0", "2024.1.20");
    harness.deployment("cal", registry.imageReference("shop/cal", "2024.01.15"));

    dewy("cal", registry.registryUrl("shop/cal") + "?calver=YYYY.0M.0D").create();

    DewyDeployment dd =
        harness.await("cal", LONG, d -> "2024.02.01".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("cal")).isEqualTo(registry.pinnedReference("shop/cal", "2024.02.01"));
    assertThat(dd.getStatus().getLatestVersion()).isEqualTo("2024.02.01");
    assertThat(dd.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("2024.01.15");
  }

  @Test
  void withoutHooksTheNewVersionIsDeployedStraightAway() {
    registry.pushImages("shop/plain", "v1.0.0", "v1.1.0");
    harness.deployment("plain", registry.imageReference("shop/plain", "v1.0.0"));

    dewy("plain", registry.registryUrl("shop/plain")).create();

    DewyDeployment dd =
        harness.await("plain", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("plain")).isEqualTo(registry.pinnedReference("shop/plain", "v1.1.0"));
    assertThat(harness.workload("plain").getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("dewy.dev/version", "v1.1.0");
    assertThat(harness.hookJobs("plain")).isEmpty();
    assertThat(dd.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(dd.getStatus().getHistory().get(0).getBeforeDeploy()).isNull();
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
  }

  @Test
  void suspendedDeploymentReportsTheNewVersionButChangesNothingUntilResumed() {
    // given
    registry.pushImages("shop/held", "v1.0.0", "v1.1.0");
    harness.deployment("held", registry.imageReference("shop/held", "v1.0.0"));
    String template = templateJson(harness, "Deployment", "held");

    // when
    dewy("held", registry.registryUrl("shop/held")).suspend(true).create();

    // then
    harness.await("held", LONG, d -> readyReason(d, "Suspended"));
    DewyDeployment dd = afterTwoMorePolls("held");
    assertThat(dd.getStatus().getLatestVersion()).isEqualTo("v1.1.0");
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(ready(dd).getReason()).isEqualTo("Suspended");
    assertThat(ready(dd).getMessage()).contains("v1.1.0").contains("spec.suspend");
    assertThat(templateJson(harness, "Deployment", "held")).isEqualTo(template);
    assertThat(harness.hookJobs("held")).isEmpty();

    // when resumed
    setSuspend("held", false);

    // then
    harness.await("held", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("held")).isEqualTo(registry.pinnedReference("shop/held", "v1.1.0"));
  }

  @Test
  void suspendingWhileTheBeforeHookRunsHoldsTheUpdateUntilResumed() {
    // given an attempt whose before hook is still running
    registry.pushImages("shop/pause", "v1.0.0", "v1.1.0");
    harness.deployment("pause", registry.imageReference("shop/pause", "v1.0.0"));
    String template = templateJson(harness, "Deployment", "pause");
    dewy("pause", registry.registryUrl("shop/pause")).beforeHook("sleep 2; echo checked").create();
    harness.await("pause", LONG, d -> d.getStatus().getPhase() == Phase.RunningBeforeHook);

    // when deploys are suspended
    setSuspend("pause", true);

    // then the hook finishes but the update waits, and says so
    DewyDeployment held =
        harness.await(
            "pause",
            LONG,
            d ->
                readyReason(d, "Suspended")
                    && d.getStatus().getHooks().getBeforeDeploy().getExitCode() != null);
    assertThat(held.getStatus().getHooks().getBeforeDeploy().getStdout()).isEqualTo("checked\n");
    assertThat(ready(held).getMessage()).contains("v1.1.0").contains("spec.suspend");
    assertThat(held.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(templateJson(harness, "Deployment", "pause")).isEqualTo(template);

    // when resumed, the same attempt goes on without running its hook again
    setSuspend("pause", false);
    DewyDeployment dd =
        harness.await("pause", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("pause")).isEqualTo(registry.pinnedReference("shop/pause", "v1.1.0"));
    assertThat(harness.hookJobs("pause")).hasSize(1);
    assertThat(dd.getStatus().getHistory()).hasSize(1);
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
  }

  /** A merge patch carries no resourceVersion, so it cannot lose a race with status writes. */
  private void setSuspend(String name, boolean suspend) {
    harness
        .client()
        .resources(DewyDeployment.class)
        .inNamespace(harness.namespace())
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"suspend\":%s}}".formatted(suspend));
  }

  @Test
  void pinnedVersionIsDeployedEvenWhenNewerOnesExist() {
    registry.pushImages("shop/pin", "v1.0.0", "v1.0.5", "v1.1.0");
    harness.deployment("pin", registry.imageReference("shop/pin", "v1.0.0"));

    dewy("pin", registry.registryUrl("shop/pin")).pin("v1.0.5").create();

    harness.await("pin", LONG, d -> "v1.0.5".equals(d.getStatus().getCurrentVersion()));
    DewyDeployment dd = afterTwoMorePolls("pin");
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.0.5");
    assertThat(harness.image("pin")).isEqualTo(registry.pinnedReference("shop/pin", "v1.0.5"));
    assertThat(dd.getStatus().getHistory()).hasSize(1);
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
  }

  @Test
  void pinToAnOlderVersionRollsTheWorkloadBackToIt() {
    registry.pushImages("shop/back", "v1.0.0", "v1.0.5", "v1.1.0");
    harness.deployment("back", registry.imageReference("shop/back", "v1.1.0"));

    dewy("back", registry.registryUrl("shop/back")).pin("v1.0.5").create();

    DewyDeployment dd =
        harness.await("back", LONG, d -> "v1.0.5".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("back")).isEqualTo(registry.pinnedReference("shop/back", "v1.0.5"));
    assertThat(dd.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("v1.1.0");
  }

  @Test
  void aWorkloadNewerThanTheRegistrysNewestIsNotDowngraded() {
    // given a workload at a pre-release the policy does not allow, newer than any release
    registry.pushImages("shop/ahead", "v1.0.0", "v1.1.0", "v1.2.0-rc.1");
    harness.deployment("ahead", registry.imageReference("shop/ahead", "v1.2.0-rc.1"));
    String template = templateJson(harness, "Deployment", "ahead");

    // when
    dewy("ahead", registry.registryUrl("shop/ahead")).beforeHook("true").create();

    // then nothing is deployed, and the status says why
    harness.await("ahead", LONG, d -> readyReason(d, Reasons.NEWER_THAN_REGISTRY));
    DewyDeployment dd = afterTwoMorePolls("ahead");
    assertThat(ready(dd).getStatus()).isEqualTo("True");
    assertThat(ready(dd).getMessage())
        .isEqualTo(
            "runs v1.2.0-rc.1, newer than v1.1.0, the newest version the registry offers under the"
                + " policy; nothing is deployed (to go back to v1.1.0, set spec.version, or"
                + " spec.allowDowngrade: true)");
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.2.0-rc.1");
    assertThat(dd.getStatus().getLatestVersion()).isEqualTo("v1.1.0");
    assertThat(dd.getStatus().getHistory()).isNullOrEmpty();
    assertThat(templateJson(harness, "Deployment", "ahead")).isEqualTo(template);
    assertThat(harness.hookJobs("ahead")).isEmpty();
    assertThat(harness.awaitEvents("ahead", Reasons.NEWER_THAN_REGISTRY))
        .filteredOn(e -> Reasons.NEWER_THAN_REGISTRY.equals(e.getReason()))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
  }

  @Test
  void allowDowngradeDeploysTheRegistrysNewestOverANewerVersion() {
    registry.pushImages("shop/down", "v1.0.0", "v1.1.0", "v1.2.0-rc.1");
    harness.deployment("down", registry.imageReference("shop/down", "v1.2.0-rc.1"));

    dewy("down", registry.registryUrl("shop/down")).allowDowngrade(true).create();

    DewyDeployment dd =
        harness.await("down", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("down")).isEqualTo(registry.pinnedReference("shop/down", "v1.1.0"));
    assertThat(dd.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("v1.2.0-rc.1");
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
  }

  @Test
  void pinToAMissingVersionSaysSoAndChangesNothing() {
    registry.pushImages("shop/gone", "v1.0.0", "v1.1.0");
    harness.deployment("gone", registry.imageReference("shop/gone", "v1.0.0"));
    String template = templateJson(harness, "Deployment", "gone");

    dewy("gone", registry.registryUrl("shop/gone")).pin("v9.9.9").create();

    DewyDeployment dd = harness.await("gone", LONG, d -> readyReason(d, "NoMatchingVersion"));
    assertThat(ready(dd).getStatus()).isEqualTo("False");
    assertThat(ready(dd).getMessage()).contains("v9.9.9");
    assertThat(templateJson(harness, "Deployment", "gone")).isEqualTo(template);
    assertThat(harness.hookJobs("gone")).isEmpty();
  }
}
