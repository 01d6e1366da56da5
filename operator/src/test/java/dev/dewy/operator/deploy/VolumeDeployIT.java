package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalS3;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * s3:// with spec.target.volume on the real control plane: the operator keeps the dewy-fetch init
 * container at the new version, the node agent runs it (the operator's jar) and the artifact lands
 * in releases/VERSION/ of the volume, between both hooks.
 */
class VolumeDeployIT {
  @RegisterExtension static final LocalS3 s3 = new LocalS3("releases");

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void aNewReleaseIsFetchedIntoTheVolumeBetweenBothHooks() throws Exception {
    String prefix = "apps/" + UUID.randomUUID();
    s3.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    Path mount = ArtifactFixtures.mount();
    keys("s3-keys", true);
    ArtifactFixtures.workload(harness, "shop", mount);

    harness
        .dewy("shop")
        .registry(s3.url(prefix, ""))
        .credentialsSecret("s3-keys")
        .volume("app")
        .beforeHook("echo \"checking $DEWY_VERSION (was $DEWY_PREVIOUS_VERSION)\"")
        .afterHook("echo \"deployed $DEWY_VERSION\"")
        .create();
    ArtifactFixtures.awaitVersion(harness, "shop", "v1.0.0");
    s3.put(prefix + "/v1.1.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.1.0"));
    DewyDeployment dd = ArtifactFixtures.awaitVersion(harness, "shop", "v1.1.0");

    Deployment shop = harness.workload("shop");
    PodTemplateSpec template = shop.getSpec().getTemplate();
    Container fetch = template.getSpec().getInitContainers().get(0);
    assertThat(template.getSpec().getInitContainers()).hasSize(1);
    assertThat(fetch.getName()).isEqualTo("dewy-fetch");
    assertThat(fetch.getImage()).isEqualTo(ArtifactInitContainer.DEFAULT_IMAGE);
    assertThat(fetch.getArgs())
        .containsExactly(
            "fetch", "--source=" + s3.url(prefix, ""), "--version=v1.1.0", "--into=" + mount);
    assertThat(fetch.getEnv())
        .allSatisfy(
            env -> {
              assertThat(env.getValue()).isNull();
              assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-keys");
            })
        .extracting(e -> e.getName())
        .containsExactly("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(template.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", "v1.1.0");
    Container app = template.getSpec().getContainers().get(0);
    assertThat(app.getImage()).isEqualTo("registry.example.com/shop:stable");
    assertThat(app.getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("GREETING=hi");
    assertThat(shop.getMetadata().getManagedFields())
        .filteredOn(f -> "dewy-operator".equals(f.getManager()))
        .isNotEmpty()
        .allSatisfy(
            f ->
                assertThat(f.getFieldsV1().getAdditionalProperties().toString())
                    .doesNotContain("f:containers"));

    assertThat(mount.resolve("releases/v1.0.0/shop")).hasContent("#!/bin/sh\necho v1.0.0");
    assertThat(mount.resolve("releases/v1.1.0/shop")).hasContent("#!/bin/sh\necho v1.1.0");
    assertThat(Files.readSymbolicLink(mount.resolve("current")))
        .isEqualTo(Path.of("releases/v1.1.0"));

    assertThat(dd.getStatus().getHooks().getBeforeDeploy().getStdout())
        .isEqualTo("checking v1.1.0 (was v1.0.0)\n");
    assertThat(dd.getStatus().getHooks().getAfterDeploy().getStdout())
        .isEqualTo("deployed v1.1.0\n");
    assertThat(dd.getStatus().getHistory())
        .extracting(h -> h.getVersion() + " " + h.getPreviousVersion() + " " + h.getResult())
        .containsExactly(
            "v1.1.0 v1.0.0 " + DeployResult.Succeeded, "v1.0.0 null " + DeployResult.Succeeded);

    // Dewy's shipping report: an empty text object beside each deployed version's artifact
    String shipped = "shipped_to_shop." + harness.namespace() + "_at_";
    for (String version : java.util.List.of("v1.0.0", "v1.1.0")) {
      assertThat(awaitReport(prefix, version))
          .satisfies(
              report -> {
                assertThat(report.key())
                    .startsWith(prefix + "/" + version + "/" + shipped)
                    .matches(".*_at_[0-9]{8}T[0-9]{6}Z\\.txt");
                assertThat(report.contentType()).isEqualTo("text/plain");
                assertThat(report.size()).isZero();
              });
    }
  }

  @Test
  void withReportsOffNoReportIsWritten() throws Exception {
    String quietPrefix = "apps/" + UUID.randomUUID();
    String loudPrefix = "apps/" + UUID.randomUUID();
    s3.put(quietPrefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    s3.put(loudPrefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    keys("s3-keys", true);
    ArtifactFixtures.workload(harness, "quiet", ArtifactFixtures.mount());
    ArtifactFixtures.workload(harness, "loud", ArtifactFixtures.mount());

    harness
        .dewy("quiet")
        .registry(s3.url(quietPrefix, ""))
        .credentialsSecret("s3-keys")
        .volume("app")
        .report(false)
        .create();
    ArtifactFixtures.awaitVersion(harness, "quiet", "v1.0.0");
    harness
        .dewy("loud")
        .registry(s3.url(loudPrefix, ""))
        .credentialsSecret("s3-keys")
        .volume("app")
        .create();
    ArtifactFixtures.awaitVersion(harness, "loud", "v1.0.0");
    // reports go out one at a time in deploy order: once loud's is there, quiet's would be too
    awaitReport(loudPrefix, "v1.0.0");

    assertThat(s3.objects(quietPrefix + "/"))
        .extracting(LocalS3.StoredObject::key)
        .containsExactly(quietPrefix + "/v1.0.0/shop_linux_amd64.tar.gz");
  }

  /** The shipping report object of {@code version}, once it is there. */
  private static LocalS3.StoredObject awaitReport(String prefix, String version) {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                s3.objects(prefix + "/" + version + "/").stream()
                    .filter(o -> o.key().contains("/shipped_to_"))
                    .toList(),
            reports -> reports.size() == 1)
        .get(0);
  }

  @Test
  void aFailingAfterHookWithRollbackOnFailurePutsThePreviousArtifactBack() throws Exception {
    String prefix = "apps/" + UUID.randomUUID();
    s3.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    Path mount = ArtifactFixtures.mount();
    keys("s3-keys", true);
    ArtifactFixtures.workload(harness, "undo", mount);
    harness
        .dewy("undo")
        .registry(s3.url(prefix, ""))
        .credentialsSecret("s3-keys")
        .volume("app")
        // the smoke test passes for v1.0.0 and fails for v1.1.0
        .afterHook("test \"$DEWY_VERSION\" != v1.1.0", h -> h.setRollbackOnFailure(true))
        .create();
    ArtifactFixtures.awaitVersion(harness, "undo", "v1.0.0");

    s3.put(prefix + "/v1.1.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.1.0"));
    DewyDeployment dd =
        harness.await(
            "undo",
            Duration.ofSeconds(90),
            d ->
                d.getStatus().getRollout() == null
                    && d.getStatus().getHistory().size() == 2
                    && d.getStatus().getHistory().get(0).getResult() == DeployResult.RolledBack);

    PodTemplateSpec template = harness.workload("undo").getSpec().getTemplate();
    assertThat(template.getSpec().getInitContainers())
        .singleElement()
        .satisfies(
            fetch ->
                assertThat(fetch.getArgs())
                    .containsExactly(
                        "fetch",
                        "--source=" + s3.url(prefix, ""),
                        "--version=v1.0.0",
                        "--into=" + mount));
    assertThat(template.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", "v1.0.0");
    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(dd.getStatus().getHistory().get(0).getMessage())
        .startsWith("v1.1.0 was rolled back to v1.0.0: its after-deploy hook failed: ");
    // the restored pod's fetch swapped current back to the release already unpacked
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Files.readSymbolicLink(mount.resolve("current"))
                    .equals(Path.of("releases/v1.0.0")));
    assertThat(mount.resolve("releases/v1.1.0/shop")).hasContent("#!/bin/sh\necho v1.1.0");
  }

  @Test
  void aWrongBucketNamesTheRegistryAndLeavesTheWorkloadUntouched() throws Exception {
    keys("s3-keys", true);
    ArtifactFixtures.workload(harness, "wrong-bucket", Path.of("/nonexistent"));
    harness
        .dewy("wrong-bucket")
        .registry("s3://us-east-1/no-such-bucket/shop?endpoint=" + s3.endpoint())
        .credentialsSecret("s3-keys")
        .volume("app")
        .create();

    assertBlockedUntouched(
        "wrong-bucket",
        "spec.registry: s3://us-east-1/no-such-bucket/shop (at %s): bucket \"no-such-bucket\" does not exist (check the bucket, the region and endpoint=)"
            .formatted(s3.endpoint()));
  }

  @Test
  void aMissingCredentialsKeyNamesTheKeyAndLeavesTheWorkloadUntouched() throws Exception {
    keys("half-keys", false);
    ArtifactFixtures.workload(harness, "half", Path.of("/nonexistent"));
    harness
        .dewy("half")
        .registry(s3.url("apps/none", ""))
        .credentialsSecret("half-keys")
        .volume("app")
        .create();

    assertBlockedUntouched(
        "half",
        "spec.credentialsSecret: Secret \"half-keys\" has no AWS_SECRET_ACCESS_KEY key (s3:// reads"
            + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; recreate it with kubectl create secret"
            + " generic half-keys --from-literal=AWS_ACCESS_KEY_ID=..."
            + " --from-literal=AWS_SECRET_ACCESS_KEY=...)");
  }

  @Test
  void anUnknownArtifactNameListsTheFilesAndLeavesTheWorkloadUntouched() throws Exception {
    String prefix = "apps/" + UUID.randomUUID();
    s3.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    keys("s3-keys", true);
    ArtifactFixtures.workload(harness, "unknown-artifact", Path.of("/nonexistent"));
    harness
        .dewy("unknown-artifact")
        .registry(s3.url(prefix, "artifact=shop.deb"))
        .credentialsSecret("s3-keys")
        .volume("app")
        .create();

    assertBlockedUntouched(
        "unknown-artifact",
        ("spec.registry: s3://us-east-1/releases/%s: no file named \"shop.deb\" (from artifact=) in"
                + " any version yet (v1.0.0 has [shop_linux_amd64.tar.gz]); waiting up to 30"
                + " minutes for an upload in progress, else upload the artifact or correct"
                + " artifact= to one of those names")
            .formatted(prefix));
  }

  @Test
  void aVolumeTheTemplateLacksStallsNamingTheField() throws Exception {
    keys("s3-keys", true);
    ArtifactFixtures.workload(harness, "no-volume", Path.of("/nonexistent"));
    harness
        .dewy("no-volume")
        .registry(s3.url("apps/none", ""))
        .credentialsSecret("s3-keys")
        .volume("artifacts")
        .create();

    DewyDeployment dd =
        harness.await(
            "no-volume",
            Duration.ofSeconds(60),
            d ->
                "True"
                    .equals(condition(d, Conditions.STALLED).map(c -> c.getStatus()).orElse(null)));
    assertThat(condition(dd, Conditions.STALLED).orElseThrow().getMessage())
        .isEqualTo(
            "spec.target.volume: volume \"artifacts\" not found in the pod template of Deployment"
                + " \"no-volume\" (it has: app); add it, e.g. as an emptyDir, or fix"
                + " spec.target.volume");
    assertThat(harness.workload("no-volume").getSpec().getTemplate().getSpec().getInitContainers())
        .isEmpty();
  }

  private void assertBlockedUntouched(String name, String message) {
    DewyDeployment dd =
        harness.await(
            name,
            Duration.ofSeconds(60),
            d ->
                message.equals(
                    condition(d, Conditions.READY).map(c -> c.getMessage()).orElse(null)));
    assertThat(condition(dd, Conditions.READY).orElseThrow().getStatus()).isEqualTo("False");
    assertThat(harness.workload(name).getSpec().getTemplate().getSpec().getInitContainers())
        .isEmpty();
    assertThat(harness.hookJobs(name)).isEmpty();
  }

  private void keys(String name, boolean both) {
    ArtifactFixtures.s3Keys(harness, name, both);
  }

  private static java.util.Optional<dev.dewy.operator.api.v1alpha1.Condition> condition(
      DewyDeployment dd, String type) {
    return dd.getStatus() == null || dd.getStatus().getConditions() == null
        ? java.util.Optional.empty()
        : Conditions.find(dd.getStatus().getConditions(), type);
  }
}
