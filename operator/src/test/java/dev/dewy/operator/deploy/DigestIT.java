package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.condition;
import static dev.dewy.operator.deploy.FlowFixtures.hookJobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.TagRepushPolicy;
import dev.dewy.operator.demo.TinyImage;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Digest pinning on the real control plane and the real docker-registry: a deploy pins {@code
 * repo:tag@digest} with the digest the registry names, status and history record it, a re-pushed
 * tag is reported (Event, status, notification), spec.onTagRepush: redeploy deploys the new digest
 * with both hooks, and a multi-arch tag pins its index.
 */
class DigestIT {
  private static final Duration LONG = Duration.ofSeconds(90);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  @RegisterExtension final WebhookReceiver receiver = new WebhookReceiver();

  /** Deployment {@code name} at v1.0.0 (by tag), and its DewyDeployment, until v1.1.0 runs. */
  private DewyDeployment deployedToV110(String name, TagRepushPolicy policy) {
    registry.pushImages("shop/" + name, "v1.0.0", "v1.1.0");
    harness.deployment(name, registry.imageReference("shop/" + name, "v1.0.0"));
    var dewy =
        harness
            .dewy(name)
            .registry(registry.registryUrl("shop/" + name))
            .beforeHook("echo \"before $DEWY_VERSION\"")
            .afterHook("echo \"after $DEWY_VERSION\"")
            .notifier(receiver.url(), null);
    if (policy != null) {
      dewy.onTagRepush(policy);
    }
    dewy.create();
    return harness.await(
        name, LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()) && idle(d));
  }

  private static boolean idle(DewyDeployment d) {
    return d.getStatus().getRollout() == null && !d.getStatus().getHistory().isEmpty();
  }

  @Test
  void aDeployPinsTheRegistrysDigestAndARepushedTagIsReportedNotDeployed() {
    DewyDeployment deployed = deployedToV110("web", null);

    // then the template runs the content the registry named, by digest, and status says which
    String digest = registry.digest("shop/web", "v1.1.0");
    assertThat(harness.image("web")).isEqualTo(registry.pinnedReference("shop/web", "v1.1.0"));
    assertThat(harness.image("web"))
        .isEqualTo(registry.imageReference("shop/web", "v1.1.0") + "@" + digest);
    assertThat(deployed.getStatus().getCurrentDigest()).isEqualTo(digest);
    assertThat(deployed.getStatus().getHistory().get(0).getDigest()).isEqualTo(digest);
    assertThat(deployed.getStatus().getHistory().get(0).getVersion()).isEqualTo("v1.1.0");
    assertThat(hookJobs(harness, "web", "before-deploy"))
        .singleElement()
        .satisfies(
            job ->
                assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .as("the hook runs the same reference")
                    .isEqualTo(registry.pinnedReference("shop/web", "v1.1.0")));

    // when v1.1.0 is pushed again with other content
    String rebuilt = registry.repushImage("shop/web", "v1.1.0", "rebuilt");
    assertThat(rebuilt).isNotEqualTo(digest);

    // then it is reported: status, condition, one Warning event, a notification; nothing deployed
    DewyDeployment reported =
        harness.await(
            "web",
            LONG,
            d ->
                d.getStatus().getTagRepush() != null
                    && rebuilt.equals(d.getStatus().getTagRepush().getRegistryDigest()));
    assertThat(reported.getStatus().getTagRepush().getTag()).isEqualTo("v1.1.0");
    assertThat(reported.getStatus().getTagRepush().getDeployedDigest()).isEqualTo(digest);
    var repushed = condition(reported, "TagRepushed").orElseThrow();
    assertThat(repushed.getStatus()).isEqualTo("True");
    assertThat(repushed.getReason()).isEqualTo(Reasons.TAG_REPUSHED);
    assertThat(repushed.getMessage())
        .isEqualTo(
            "tag v1.1.0 was pushed again: %s now names %s; the workload runs %s"
                .formatted(
                    registry.imageReference("shop/web", "v1.1.0"),
                    rebuilt,
                    registry.imageReference("shop/web", "v1.1.0") + "@" + digest));
    JsonNode notified = awaitNotification("TAG_REPUSHED");
    assertThat(notified.path("severity").asText()).isEqualTo("warning");
    assertThat(notified.path("version").asText()).isEqualTo("v1.1.0");
    assertThat(notified.path("message").asText())
        .contains(rebuilt, digest, "nothing is deployed (spec.onTagRepush: report");
    // a few more polls at 1s, then: still one event, the template still pinned to what was deployed
    harness.awaitPasses("web", 3, LONG);
    assertThat(FlowFixtures.warnings(harness, "web", Reasons.TAG_REPUSHED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMessage()).startsWith(repushed.getMessage());
              assertThat(e.getCount()).as("reported once, not on every poll").isEqualTo(1);
            });
    assertThat(harness.image("web"))
        .isEqualTo(registry.imageReference("shop/web", "v1.1.0") + "@" + digest);
    DewyDeployment after = harness.get("web");
    assertThat(after.getStatus().getHistory()).hasSize(1);
    assertThat(after.getStatus().getCurrentDigest()).isEqualTo(digest);
    assertThat(FlowFixtures.ready(after).getStatus()).isEqualTo("True");
  }

  @Test
  void redeployDeploysTheRepushedTagsNewDigestWithBothHooksAgain() {
    DewyDeployment deployed = deployedToV110("keel", TagRepushPolicy.redeploy);
    String digest = deployed.getStatus().getCurrentDigest();
    assertThat(digest).isEqualTo(registry.digest("shop/keel", "v1.1.0"));

    // when v1.1.0 is pushed again with other content
    String rebuilt = registry.repushImage("shop/keel", "v1.1.0", "rebuilt");

    // then the same version is deployed again, pinned to the new digest, between both hooks
    DewyDeployment redeployed =
        harness.await(
            "keel",
            LONG,
            d ->
                rebuilt.equals(d.getStatus().getCurrentDigest())
                    && d.getStatus().getRollout() == null);
    assertThat(harness.image("keel"))
        .isEqualTo(registry.imageReference("shop/keel", "v1.1.0") + "@" + rebuilt);
    assertThat(redeployed.getStatus().getCurrentVersion()).isEqualTo("v1.1.0");
    assertThat(redeployed.getStatus().getTagRepush()).isNull();
    assertThat(condition(redeployed, "TagRepushed")).isEmpty();
    assertThat(redeployed.getStatus().getHistory())
        .hasSize(2)
        .first()
        .satisfies(
            h -> {
              assertThat(h.getVersion()).isEqualTo("v1.1.0");
              assertThat(h.getPreviousVersion()).isEqualTo("v1.1.0");
              assertThat(h.getDigest()).isEqualTo(rebuilt);
              assertThat(h.getResult()).isEqualTo(DeployResult.Succeeded);
              assertThat(h.getBeforeDeploy().getExitCode()).isZero();
              assertThat(h.getAfterDeploy().getExitCode()).isZero();
            });
    assertThat(redeployed.getStatus().getHistory().get(1).getDigest()).isEqualTo(digest);
    assertThat(redeployed.getStatus().getHooks().getAfterDeploy().getStdout())
        .isEqualTo("after v1.1.0\n");
    assertThat(hookJobs(harness, "keel", "before-deploy"))
        .extracting(j -> j.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .as("one before-deploy Job per digest")
        .containsExactlyInAnyOrder(
            registry.imageReference("shop/keel", "v1.1.0") + "@" + digest,
            registry.imageReference("shop/keel", "v1.1.0") + "@" + rebuilt);
    assertThat(hookJobs(harness, "keel", "after-deploy")).hasSize(2);
    assertThat(FlowFixtures.warnings(harness, "keel", Reasons.TAG_REPUSHED))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains(rebuilt, "deployed again (spec.onTagRepush: redeploy)"));
    assertThat(awaitNotification("TAG_REPUSHED").path("message").asText()).contains(rebuilt);
  }

  @Test
  void aMultiArchTagIsPinnedToItsIndexDigest() {
    registry.pushImages("shop/multi", "v1.0.0");
    String index = registry.pushMultiArchImage("shop/multi", "v1.1.0");
    harness.deployment("multi", registry.imageReference("shop/multi", "v1.0.0"));

    harness.dewy("multi").registry(registry.registryUrl("shop/multi")).create();

    DewyDeployment deployed =
        harness.await(
            "multi", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()) && idle(d));
    assertThat(index)
        .as("the index, not one platform's manifest")
        .isNotEqualTo(TinyImage.of("v1.1.0", "", "amd64").manifestDigest())
        .isNotEqualTo(TinyImage.of("v1.1.0", "", "arm64").manifestDigest());
    assertThat(harness.image("multi"))
        .isEqualTo(registry.imageReference("shop/multi", "v1.1.0") + "@" + index);
    assertThat(deployed.getStatus().getCurrentDigest()).isEqualTo(index);
    assertThat(deployed.getStatus().getTagRepush()).isNull();
  }

  private JsonNode awaitNotification(String type) {
    return receiver.await(type, LONG);
  }
}
