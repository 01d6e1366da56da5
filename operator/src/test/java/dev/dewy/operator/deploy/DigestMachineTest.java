package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.notify.EventType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Digest pinning in the state machine: img:// deploys pin {@code repo:tag@digest}, and a tag pushed
 * again with other content is reported once per new digest, or deployed under spec.onTagRepush:
 * redeploy.
 */
class DigestMachineTest {
  private static final String BOTH_HOOKS =
      "hooks: {beforeDeploy: {command: 'echo before'}, afterDeploy: {command: 'echo after'}}";
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);

  private static Optional<Condition> condition(MachineFixture f, String type) {
    return Conditions.find(f.stored.getStatus().getConditions(), type);
  }

  private static String ready(MachineFixture f) {
    return condition(f, "Ready").map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  @Test
  void aDeployPinsTheImageToTheDigestTheRegistryNamesAndRecordsIt() {
    MachineFixture f = MachineFixture.of("");
    f.newest = "v1.1.0";
    f.digests.put("v1.1.0", A);

    f.pass();
    assertThat(f.stored.getStatus().getRollout().getDigest()).isEqualTo(A);
    assertThat(f.image()).isEqualTo(MachineFixture.REGISTRY + ":v1.1.0@" + A);
    f.rolledOut();
    f.pass();

    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getCurrentVersion()).isEqualTo("v1.1.0");
    assertThat(s.getCurrentDigest()).isEqualTo(A);
    assertThat(s.getHistory())
        .singleElement()
        .satisfies(h -> assertThat(h.getDigest()).isEqualTo(A));
    assertThat(ready(f)).isEqualTo("True/UpToDate");
    assertThat(f.workload().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("dewy.dev/version", "v1.1.0");
  }

  @Test
  void aTemplateWithoutDigestCountsAsRunningItsTagAndIsNotLookedUp() {
    MachineFixture f = MachineFixture.of("");
    f.digests.put("v1.0.0", A);

    var pass = f.pass();

    assertThat(ready(f)).isEqualTo("True/UpToDate");
    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(f.stored.getStatus().getCurrentDigest()).isNull();
    assertThat(f.image()).isEqualTo(MachineFixture.REGISTRY + ":v1.0.0");
    assertThat(pass.events()).isEmpty();
    assertThat(f.digestLookups).isEmpty();
  }

  @Test
  void aPinnedTemplateWhoseTagStillNamesItsDigestIsUpToDate() {
    MachineFixture f = MachineFixture.of("");
    f.deployment("v1.0.0@" + A);
    f.digests.put("v1.0.0", A);

    var pass = f.pass();

    assertThat(ready(f)).isEqualTo("True/UpToDate");
    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(f.stored.getStatus().getCurrentDigest()).isEqualTo(A);
    assertThat(f.stored.getStatus().getTagRepush()).isNull();
    assertThat(pass.events()).isEmpty();
    assertThat(f.digestLookups).containsExactly("v1.0.0");
  }

  @Test
  void aRepushedTagIsReportedOncePerNewDigestAndNothingIsDeployed() {
    MachineFixture f = MachineFixture.of("");
    f.deployment("v1.0.0@" + A);
    f.digests.put("v1.0.0", B);

    var first = f.pass();

    assertThat(first.events())
        .singleElement()
        .asString()
        .startsWith("Warning TagRepushed: tag v1.0.0 was pushed again: ")
        .contains(MachineFixture.REGISTRY + ":v1.0.0 now names " + B)
        .contains("the workload runs " + MachineFixture.REGISTRY + ":v1.0.0@" + A)
        .contains("nothing is deployed (spec.onTagRepush: report");
    assertThat(first.notified()).containsExactly(EventType.TAG_REPUSHED);
    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getTagRepush().getTag()).isEqualTo("v1.0.0");
    assertThat(s.getTagRepush().getDeployedDigest()).isEqualTo(A);
    assertThat(s.getTagRepush().getRegistryDigest()).isEqualTo(B);
    assertThat(condition(f, Conditions.TAG_REPUSHED))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getMessage()).contains(A).contains(B);
            });
    assertThat(ready(f)).isEqualTo("True/UpToDate");
    assertThat(f.image()).isEqualTo(MachineFixture.REGISTRY + ":v1.0.0@" + A);

    f.now = f.now.plusSeconds(10);
    var again = f.pass();
    assertThat(again.events()).as("the same digest is not reported again").isEmpty();
    assertThat(again.notified()).isEmpty();
    assertThat(again.writes()).isEmpty();

    f.digests.put("v1.0.0", C);
    f.now = f.now.plusSeconds(10);
    var third = f.pass();
    assertThat(third.events()).singleElement().asString().contains("now names " + C);
    assertThat(f.stored.getStatus().getTagRepush().getRegistryDigest()).isEqualTo(C);

    f.digests.put("v1.0.0", A);
    f.now = f.now.plusSeconds(10);
    var back = f.pass();
    assertThat(back.events()).isEmpty();
    assertThat(f.stored.getStatus().getTagRepush()).as("the tag names A again").isNull();
    assertThat(condition(f, Conditions.TAG_REPUSHED)).isEmpty();
  }

  @Test
  void redeployDeploysTheNewDigestOfTheSameVersionWithBothHooksRunAgain() {
    MachineFixture f = MachineFixture.of("onTagRepush: redeploy\n" + BOTH_HOOKS);
    f.deployment("v1.0.0@" + A);
    f.digests.put("v1.0.0", B);

    var started = f.pass();

    assertThat(started.events())
        .extracting(e -> e.substring(0, e.indexOf(':')))
        .containsExactly("Warning TagRepushed", "Normal DeployStarted");
    assertThat(started.events().get(0))
        .contains("it is deployed again (spec.onTagRepush: redeploy)");
    assertThat(started.events().get(1))
        .contains("deploying v1.0.0 again: its tag now names " + B + " (runs " + A + ")");
    assertThat(started.notified())
        .containsExactly(EventType.TAG_REPUSHED, EventType.DEPLOY_STARTED);
    String before = f.job(HookKind.BEFORE_DEPLOY).getMetadata().getName();
    assertThat(before)
        .as("not the Job of v1.0.0's first deploy")
        .isNotEqualTo(HookJobFactory.jobName("web", HookKind.BEFORE_DEPLOY, "v1.0.0", 1));
    assertThat(f.job(HookKind.BEFORE_DEPLOY).getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getImage())
                    .as("the hook runs the new content")
                    .isEqualTo(MachineFixture.REGISTRY + ":v1.0.0@" + B));

    f.jobFinished(HookKind.BEFORE_DEPLOY, 0);
    f.pass();
    assertThat(f.image()).isEqualTo(MachineFixture.REGISTRY + ":v1.0.0@" + B);
    f.rolledOut();
    f.pass();
    f.jobFinished(HookKind.AFTER_DEPLOY, 0);
    var done = f.pass();

    assertThat(done.events())
        .extracting(e -> e.substring(0, e.indexOf(':')))
        .containsExactly("Normal AfterHookSucceeded", "Normal DeploySucceeded");
    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getCurrentDigest()).isEqualTo(B);
    assertThat(s.getTagRepush()).isNull();
    assertThat(condition(f, Conditions.TAG_REPUSHED)).isEmpty();
    assertThat(s.getHistory().get(0).getVersion()).isEqualTo("v1.0.0");
    assertThat(s.getHistory().get(0).getDigest()).isEqualTo(B);
    assertThat(s.getHistory().get(0).getBeforeDeploy()).isNotNull();
    assertThat(s.getHistory().get(0).getAfterDeploy()).isNotNull();

    f.now = f.now.plusSeconds(10);
    assertThat(f.pass().writes()).as("the next poll finds nothing new").isEmpty();
  }

  @Test
  void redeployWaitsWhileDeploysAreSuspendedButStillReports() {
    MachineFixture f = MachineFixture.of("onTagRepush: redeploy\nsuspend: true");
    f.deployment("v1.0.0@" + A);
    f.digests.put("v1.0.0", B);

    var pass = f.pass();

    assertThat(pass.events())
        .singleElement()
        .asString()
        .startsWith("Warning TagRepushed:")
        .contains("deploys are suspended");
    assertThat(f.stored.getStatus().getRollout()).isNull();
    assertThat(f.image()).isEqualTo(MachineFixture.REGISTRY + ":v1.0.0@" + A);
  }

  @Test
  void aManualChangeToAnotherTagClearsAReportedRepush() {
    MachineFixture f = MachineFixture.of("");
    f.deployment("v1.0.0@" + A);
    f.digests.put("v1.0.0", B);
    f.pass();
    assertThat(f.stored.getStatus().getTagRepush()).isNotNull();

    f.newest = "v1.1.0";
    f.digests.put("v1.1.0", C);
    f.deployment("v1.1.0");
    f.now = f.now.plusSeconds(10);
    f.pass();

    assertThat(f.stored.getStatus().getTagRepush()).isNull();
    assertThat(condition(f, Conditions.TAG_REPUSHED)).isEmpty();
    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.1.0");
  }
}
