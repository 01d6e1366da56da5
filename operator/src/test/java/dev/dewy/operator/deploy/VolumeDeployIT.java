package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalS3;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
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
    s3.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", release("v1.0.0"));
    Path mount =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "volume-")
            .toAbsolutePath();
    keys("s3-keys", true);
    workload("shop", mount);

    harness
        .dewy("shop")
        .registry(s3.url(prefix, ""))
        .credentialsSecret("s3-keys")
        .volume("app")
        .beforeHook("echo \"checking $DEWY_VERSION (was $DEWY_PREVIOUS_VERSION)\"")
        .afterHook("echo \"deployed $DEWY_VERSION\"")
        .create();
    awaitVersion("v1.0.0");
    s3.put(prefix + "/v1.1.0/shop_linux_amd64.tar.gz", release("v1.1.0"));
    DewyDeployment dd = awaitVersion("v1.1.0");

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
  }

  @Test
  void aWrongBucketNamesTheRegistryAndLeavesTheWorkloadUntouched() throws Exception {
    keys("s3-keys", true);
    workload("wrong-bucket", Path.of("/nonexistent"));
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
    workload("half", Path.of("/nonexistent"));
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
    s3.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", release("v1.0.0"));
    keys("s3-keys", true);
    workload("unknown-artifact", Path.of("/nonexistent"));
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
    workload("no-volume", Path.of("/nonexistent"));
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

  /** Waits for the deploy of {@code version}; a timeout shows the pods, which tell why. */
  private DewyDeployment awaitVersion(String version) {
    try {
      return harness.await(
          "shop",
          Duration.ofSeconds(120),
          d ->
              version.equals(d.getStatus().getCurrentVersion())
                  && d.getStatus().getRollout() == null);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\npods: "
              + io.fabric8.kubernetes.client.utils.Serialization.asYaml(
                  harness
                      .client()
                      .pods()
                      .inNamespace(harness.namespace())
                      .list()
                      .getItems()
                      .stream()
                      .map(p -> p.getStatus())
                      .toList()),
          e);
    }
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
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(harness.namespace())
            .endMetadata()
            .addToStringData("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY_ID);
    if (both) {
      secret.addToStringData("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_ACCESS_KEY);
    }
    harness.client().resource(secret.build()).createOr(r -> r.update());
  }

  /** A Deployment whose app container mounts the emptyDir "app" at {@code mount}. */
  private void workload(String name, Path mount) {
    PodTemplateSpec template = OperatorHarness.template(name, "registry.example.com/shop:stable");
    template
        .getSpec()
        .getContainers()
        .get(0)
        .setEnv(
            java.util.List.of(new io.fabric8.kubernetes.api.model.EnvVar("GREETING", "hi", null)));
    template
        .getSpec()
        .getContainers()
        .get(0)
        .setVolumeMounts(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                    .withName("app")
                    .withMountPath(mount.toString())
                    .build()));
    template
        .getSpec()
        .setVolumes(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName("app")
                    .withNewEmptyDir()
                    .endEmptyDir()
                    .build()));
    FlowFixtures.deployment(harness, name, 1, template, null);
  }

  /** A gzipped tarball holding the executable "shop", which prints {@code version}. */
  static byte[] release(String version) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GzipCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      byte[] body = ("#!/bin/sh\necho " + version + "\n").getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("shop");
      entry.setMode(0100755);
      entry.setSize(body.length);
      tar.putArchiveEntry(entry);
      tar.write(body);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static java.util.Optional<dev.dewy.operator.api.v1alpha1.Condition> condition(
      DewyDeployment dd, String type) {
    return dd.getStatus() == null || dd.getStatus().getConditions() == null
        ? java.util.Optional.empty()
        : Conditions.find(dd.getStatus().getConditions(), type);
  }
}
