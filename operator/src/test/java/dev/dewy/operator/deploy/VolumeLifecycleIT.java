package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.LocalS3;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What becomes of the dewy-fetch init container on the real control plane beyond a deploy: a
 * release the fetcher refuses is reported in the fetcher's words and never left in the template,
 * and removing spec.target.volume removes the init container.
 */
class VolumeLifecycleIT {
  @RegisterExtension static final LocalS3 s3 = new LocalS3("releases");

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void anArchiveWithoutAnExecutableIsReportedAndThePreviousArtifactPutBack() throws Exception {
    String prefix = "apps/" + UUID.randomUUID();
    s3.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    Path mount = ArtifactFixtures.mount();
    ArtifactFixtures.s3Keys(harness, "s3-keys", true);
    ArtifactFixtures.workload(harness, "refused", mount);
    harness
        .dewy("refused")
        .registry(s3.url(prefix, ""))
        .credentialsSecret("s3-keys")
        .volume("app")
        .afterHook("echo \"deployed $DEWY_VERSION\"")
        .create();
    ArtifactFixtures.awaitVersion(harness, "refused", "v1.0.0");

    // spec.rollback is none (the default): a refused release is put back all the same
    s3.put(prefix + "/v1.1.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.1.0", 0100644));
    DewyDeployment dd =
        harness.await(
            "refused",
            Duration.ofSeconds(120),
            d ->
                d.getStatus().getRollout() == null
                    && d.getStatus().getHistory().size() == 2
                    && d.getStatus().getHistory().get(0).getResult() == DeployResult.RolledBack);

    Condition ready = Conditions.find(dd.getStatus().getConditions(), "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(Reasons.ROLLED_BACK);
    assertThat(ready.getMessage())
        .startsWith(
            "v1.1.0 was rolled back to v1.0.0: its rollout failed: the dewy-fetch init container"
                + " of pod refused-")
        .contains(
            "could not put v1.1.0 into volume app: no executable in the artifact:"
                + " shop_linux_amd64.tar.gz holds no file with an executable bit")
        .contains("(FetchFailed)");
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(dd.getStatus().getHistory().get(0).getAfterDeploy())
        .as("the after hook never ran for the refused release")
        .isNull();
    PodTemplateSpec template = harness.workload("refused").getSpec().getTemplate();
    assertThat(template.getSpec().getInitContainers())
        .singleElement()
        .satisfies(fetch -> assertThat(fetch.getArgs()).contains("--version=v1.0.0"));
    assertThat(template.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", "v1.0.0");
    assertThat(Files.readSymbolicLink(mount.resolve("current")))
        .isEqualTo(Path.of("releases/v1.0.0"));
    assertThat(harness.awaitEvents("refused", Reasons.ROLLING_BACK, Reasons.ROLLED_BACK))
        .filteredOn(e -> Reasons.ROLLING_BACK.equals(e.getReason()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).startsWith("rolling back v1.1.0 to v1.0.0: ");
            });
  }

  @Test
  void removingTheVolumeRemovesTheFetchAndTheImageIsDeployedInstead() throws Exception {
    String prefix = "apps/" + UUID.randomUUID();
    s3.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    registry.pushImages("shop/app", "v2.0.0");
    ArtifactFixtures.s3Keys(harness, "s3-keys", true);
    ArtifactFixtures.workload(harness, "moving", ArtifactFixtures.mount());
    harness
        .dewy("moving")
        .registry(s3.url(prefix, ""))
        .credentialsSecret("s3-keys")
        .volume("app")
        .create();
    ArtifactFixtures.awaitVersion(harness, "moving", "v1.0.0");
    assertThat(harness.workload("moving").getSpec().getTemplate().getSpec().getInitContainers())
        .hasSize(1);

    OperatorHarness.edit(
        harness
            .client()
            .resources(DewyDeployment.class)
            .inNamespace(harness.namespace())
            .withName("moving"),
        d -> {
          d.getSpec().setRegistry(registry.registryUrl("shop/app"));
          d.getSpec().setCredentialsSecret(null);
          d.getSpec().getTarget().setVolume(null);
          return d;
        });
    ArtifactFixtures.awaitVersion(harness, "moving", "v2.0.0");

    PodTemplateSpec template = harness.workload("moving").getSpec().getTemplate();
    assertThat(template.getSpec().getInitContainers()).isEmpty();
    String pinned = registry.pinnedReference("shop/app", "v2.0.0");
    assertThat(template.getSpec().getContainers().get(0).getImage())
        .as("the template's repository stays; tag and digest are the registry's")
        .isEqualTo(
            "registry.example.com/shop:" + pinned.substring(pinned.lastIndexOf(":v2.0.0") + 1));
    harness.await(
        "moving", Duration.ofSeconds(60), d -> "image".equals(d.getStatus().getDeployedInto()));
    assertThat(harness.events("moving"))
        .as("a switch of place is no manual change")
        .noneMatch(e -> Reasons.MANUAL_CHANGE.equals(e.getReason()));
    assertThat(template.getSpec().getVolumes())
        .as("the volume itself is the template's own")
        .extracting(v -> v.getName())
        .containsExactly("app");
  }
}
