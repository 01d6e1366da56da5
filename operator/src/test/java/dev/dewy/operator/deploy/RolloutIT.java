package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.hookJobs;
import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.templateJson;
import static dev.dewy.operator.deploy.FlowFixtures.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The update step: every target kind, a rollout that never finishes, and a version mid-way. */
class RolloutIT {
  private static final Duration LONG = Duration.ofSeconds(60);
  private static final String BEFORE = "echo \"before $DEWY_VERSION\"";
  private static final String AFTER = "echo \"after $DEWY_VERSION\"";

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void rolloutPastItsProgressDeadlineFailsTheAttemptAndSkipsTheAfterHook() {
    // given a Deployment that gives up after 2s and a newer image that cannot be pulled
    registry.pushImages("shop/stuck", "v1.0.0", "v2.0.0-unpullable");
    FlowFixtures.deploymentWithDeadline(
        harness, "stuck", registry.imageReference("shop/stuck", "v1.0.0"), 2);

    // when
    harness
        .dewy("stuck")
        .registry(registry.registryUrl("shop/stuck") + "?pre-release=true")
        .afterHook("echo after")
        .create();

    // then it waits for the rollout as kubectl rollout status would, then gives up
    DewyDeployment waiting =
        harness.await(
            "stuck",
            LONG,
            d ->
                d.getStatus().getPhase() == Phase.Updating
                    && FlowFixtures.condition(d, "Reconciling")
                        .map(c -> c.getMessage().startsWith("Waiting for deployment \"stuck\""))
                        .orElse(false));
    assertThat(waiting.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    DewyDeployment dd = harness.await("stuck", LONG, d -> d.getStatus().getPhase() == Phase.Failed);
    assertThat(ready(dd).getStatus()).isEqualTo("False");
    assertThat(ready(dd).getReason()).isEqualTo("RolloutFailed");
    assertThat(ready(dd).getMessage()).contains("ProgressDeadlineExceeded");
    // currentVersion is what the template runs, though its pods never became ready
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v2.0.0-unpullable");
    assertThat(dd.getStatus().getDeployedVersion()).isEqualTo("v2.0.0-unpullable");
    HistoryEntry entry = dd.getStatus().getHistory().get(0);
    assertThat(entry.getResult()).isEqualTo(DeployResult.Failed);
    assertThat(entry.getVersion()).isEqualTo("v2.0.0-unpullable");
    assertThat(entry.getAfterDeploy()).isNull();
    assertThat(hookJobs(harness, "stuck", "after-deploy")).isEmpty();
    assertThat(warnings(harness, "stuck", "DeployFailed"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("ProgressDeadlineExceeded"));
    assertThat(harness.workload("stuck").getSpec().getTemplate().getSpec().getContainers().get(0))
        .extracting(c -> c.getImage())
        .isEqualTo(registry.pinnedReference("shop/stuck", "v2.0.0-unpullable"));

    // when a fixed version is released, it rolls out over the stuck one
    registry.pushImage("shop/stuck", "v2.0.1");
    DewyDeployment fixed =
        harness.await("stuck", LONG, d -> "v2.0.1".equals(d.getStatus().getCurrentVersion()));
    assertThat(ready(fixed).getReason()).isEqualTo("UpToDate");
    assertThat(fixed.getStatus().getHooks().getAfterDeploy().getStdout()).isEqualTo("after\n");
    // the fix starts from what ran before the failed rollout
    assertThat(fixed.getStatus().getHistory().get(0).getPreviousVersion()).isEqualTo("v1.0.0");
  }

  @Test
  void onlyTheTargetContainersImageAndTheVersionAnnotationChange() {
    // given a Deployment with a sidecar first and the target container second
    registry.pushImages("shop/multi", "v1.0.0", "v1.1.0");
    PodTemplateSpec template = FlowFixtures.template("multi", "busybox:1.36");
    template
        .getMetadata()
        .setAnnotations(new java.util.HashMap<>(java.util.Map.of("team", "shop")));
    template.getSpec().getContainers().get(0).setName("sidecar");
    template
        .getSpec()
        .getContainers()
        .add(
            new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("app")
                .withImage(registry.imageReference("shop/multi", "v1.0.0"))
                .addNewEnv()
                .withName("MODE")
                .withValue("production")
                .endEnv()
                .addNewPort()
                .withContainerPort(8080)
                .endPort()
                .build());
    FlowFixtures.deployment(harness, "multi", 2, template, null);
    PodTemplateSpec before = parse(templateJson(harness, "Deployment", "multi"));

    // when
    harness.dewy("multi").registry(registry.registryUrl("shop/multi")).container("app").create();

    // then
    harness.await("multi", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    PodTemplateSpec after = parse(templateJson(harness, "Deployment", "multi"));
    before
        .getSpec()
        .getContainers()
        .get(1)
        .setImage(registry.pinnedReference("shop/multi", "v1.1.0"));
    before.getMetadata().getAnnotations().put("dewy.dev/version", "v1.1.0");
    assertThat(after).isEqualTo(before);
    assertThat(harness.workload("multi").getSpec().getReplicas()).isEqualTo(2);
  }

  private static PodTemplateSpec parse(String json) {
    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(json, PodTemplateSpec.class);
  }

  @Test
  void statefulSetIsDeployedBetweenBothHooks() {
    registry.pushImages("shop/db", "v1.0.0", "v1.1.0");
    harness.statefulSet("db", registry.imageReference("shop/db", "v1.0.0"));

    harness
        .dewy("db")
        .registry(registry.registryUrl("shop/db"))
        .target("StatefulSet")
        .beforeHook(BEFORE)
        .afterHook(AFTER)
        .create();

    assertDeployedWithBothHooks("db", "StatefulSet", registry.pinnedReference("shop/db", "v1.1.0"));
  }

  @Test
  void daemonSetIsDeployedBetweenBothHooks() {
    registry.pushImages("shop/agent", "v1.0.0", "v1.1.0");
    harness.daemonSet("agent", registry.imageReference("shop/agent", "v1.0.0"));

    harness
        .dewy("agent")
        .registry(registry.registryUrl("shop/agent"))
        .target("DaemonSet")
        .beforeHook(BEFORE)
        .afterHook(AFTER)
        .create();

    assertDeployedWithBothHooks(
        "agent", "DaemonSet", registry.pinnedReference("shop/agent", "v1.1.0"));
  }

  private void assertDeployedWithBothHooks(String name, String kind, String image) {
    DewyDeployment dd =
        harness.await(name, LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    PodTemplateSpec template =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            templateJson(harness, kind, name), PodTemplateSpec.class);
    assertThat(template.getSpec().getContainers().get(0).getImage()).isEqualTo(image);
    assertThat(template.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", "v1.1.0");
    assertThat(dd.getStatus().getHooks().getBeforeDeploy().getStdout())
        .isEqualTo("before v1.1.0\n");
    assertThat(dd.getStatus().getHooks().getAfterDeploy().getStdout()).isEqualTo("after v1.1.0\n");
    assertThat(dd.getStatus().getHistory().get(0).getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
    assertThat(harness.hookJobs(name)).hasSize(2);
  }

  @Test
  void operatorRestartedDuringTheBeforeHookResumesWithoutRunningItTwice(@TempDir Path dir) {
    // given a before hook that leaves a mark on each run, and is still running
    Path runs = dir.resolve("runs");
    registry.pushImages("shop/crash", "v1.0.0", "v1.1.0");
    harness.deployment("crash", registry.imageReference("shop/crash", "v1.0.0"));
    harness
        .dewy("crash")
        .registry(registry.registryUrl("shop/crash"))
        .beforeHook("echo run >> " + runs + "; sleep 2")
        .create();
    harness.await("crash", LONG, d -> d.getStatus().getPhase() == Phase.RunningBeforeHook);

    // when the operator stops and a new one starts
    harness.stopOperator();
    harness.startOperator();

    // then
    DewyDeployment dd =
        harness.await("crash", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(hookJobs(harness, "crash", "before-deploy")).hasSize(1);
    assertThat(dd.getStatus().getHooks().getBeforeDeploy().getSucceeded()).isTrue();
    assertThat(readLines(runs)).containsExactly("run");
    assertThat(dd.getStatus().getHistory()).hasSize(1);
  }

  private static java.util.List<String> readLines(Path file) {
    try {
      return java.nio.file.Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void newerVersionAppearingMidRolloutIsDeployedAfterTheCurrentAttemptFinishes() {
    // given
    registry.pushImages("shop/mid", "v1.0.0", "v1.1.0");
    harness.deployment("mid", registry.imageReference("shop/mid", "v1.0.0"));
    harness
        .dewy("mid")
        .registry(registry.registryUrl("shop/mid"))
        .beforeHook("echo \"before $DEWY_VERSION\"; sleep 2")
        .create();
    harness.await("mid", LONG, d -> d.getStatus().getPhase() == Phase.RunningBeforeHook);

    // when v1.2.0 is pushed while v1.1.0's before hook runs
    registry.pushImage("shop/mid", "v1.2.0");

    // then v1.1.0 finishes, then v1.2.0 ships
    DewyDeployment dd =
        harness.await("mid", LONG, d -> "v1.2.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(dd.getStatus().getHistory())
        .extracting(HistoryEntry::getVersion, HistoryEntry::getPreviousVersion, h -> h.getResult())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("v1.2.0", "v1.1.0", DeployResult.Succeeded),
            org.assertj.core.groups.Tuple.tuple("v1.1.0", "v1.0.0", DeployResult.Succeeded));
    assertThat(harness.workload("mid").getSpec().getTemplate().getSpec().getContainers().get(0))
        .extracting(c -> c.getImage())
        .isEqualTo(registry.pinnedReference("shop/mid", "v1.2.0"));
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
  }
}
