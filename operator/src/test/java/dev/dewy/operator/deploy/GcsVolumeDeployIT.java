package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.Blob;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalGcs;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gs:// with spec.target.volume on the real control plane against a GCS emulator: the dewy-fetch
 * init container follows the new version (its key as a secretKeyRef), the artifact lands in
 * releases/VERSION/ between both hooks, and each shipped version gets Dewy's report object.
 */
class GcsVolumeDeployIT {
  @RegisterExtension static final LocalGcs gcs = new LocalGcs("releases");

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void aNewReleaseIsFetchedIntoTheVolumeBetweenBothHooksAndReported() throws Exception {
    String prefix = "apps/" + UUID.randomUUID();
    gcs.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    Path mount = ArtifactFixtures.mount();
    key("gcs-key", true);
    ArtifactFixtures.workload(harness, "shop", mount);

    harness
        .dewy("shop")
        .registry(gcs.url(prefix, ""))
        .credentialsSecret("gcs-key")
        .volume("app")
        .beforeHook("echo \"checking $DEWY_VERSION (was $DEWY_PREVIOUS_VERSION)\"")
        .afterHook("echo \"deployed $DEWY_VERSION\"")
        .create();
    ArtifactFixtures.awaitVersion(harness, "shop", "v1.0.0");
    gcs.put(prefix + "/v1.1.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.1.0"));
    DewyDeployment dd = ArtifactFixtures.awaitVersion(harness, "shop", "v1.1.0");

    PodTemplateSpec template = harness.workload("shop").getSpec().getTemplate();
    assertThat(template.getSpec().getInitContainers()).hasSize(1);
    Container fetch = template.getSpec().getInitContainers().get(0);
    assertThat(fetch.getName()).isEqualTo("dewy-fetch");
    assertThat(fetch.getArgs())
        .containsExactly(
            "fetch", "--source=" + gcs.url(prefix, ""), "--version=v1.1.0", "--into=" + mount);
    assertThat(fetch.getEnv())
        .singleElement()
        .satisfies(
            env -> {
              assertThat(env.getName()).isEqualTo("GOOGLE_CREDENTIALS");
              assertThat(env.getValue()).isNull();
              assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("gcs-key");
              assertThat(env.getValueFrom().getSecretKeyRef().getKey())
                  .isEqualTo("GOOGLE_CREDENTIALS");
            });
    assertThat(template.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", "v1.1.0");
    assertThat(template.getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/shop:stable");

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

    String shippedTo = "shop." + harness.namespace();
    for (String version : new String[] {"v1.0.0", "v1.1.0"}) {
      String reports = prefix + "/" + version + "/shipped_to_";
      Awaitility.await("the report of " + version)
          .atMost(Duration.ofSeconds(30))
          .until(() -> !gcs.list(reports).isEmpty());
      assertThat(gcs.list(reports))
          .singleElement()
          .satisfies(
              blob -> {
                assertThat(blob.getName())
                    .matches(
                        java.util.regex.Pattern.quote(reports + shippedTo + "_assets_at_")
                            + "\\d{8}T\\d{6}Z\\.txt");
                assertThat(blob.getContentType()).isEqualTo("text/plain");
                assertThat(blob.getSize()).isZero();
              });
    }
  }

  @Test
  void withReportsOffNoReportObjectIsWritten() throws Exception {
    String prefix = "apps/" + UUID.randomUUID();
    gcs.put(prefix + "/v1.0.0/shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0"));
    ArtifactFixtures.workload(harness, "quiet", ArtifactFixtures.mount());
    ArtifactFixtures.workload(harness, "loud", ArtifactFixtures.mount());

    harness.dewy("quiet").registry(gcs.url(prefix, "")).volume("app").report(false).create();
    ArtifactFixtures.awaitVersion(harness, "quiet", "v1.0.0");
    // reports go out one at a time in deploy order: once loud's is there, quiet's would be too
    harness.dewy("loud").registry(gcs.url(prefix, "")).volume("app").create();
    ArtifactFixtures.awaitVersion(harness, "loud", "v1.0.0");
    String reports = prefix + "/v1.0.0/shipped_to_";
    Awaitility.await("loud's report")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !gcs.list(reports).isEmpty());

    assertThat(gcs.list(reports))
        .extracting(Blob::getName)
        .singleElement()
        .asString()
        .startsWith(reports + "loud." + harness.namespace() + "_assets_at_");
  }

  @Test
  void aWrongBucketNamesTheRegistryAndLeavesTheWorkloadUntouched() throws Exception {
    key("gcs-key", true);
    ArtifactFixtures.workload(harness, "wrong-bucket", Path.of("/nonexistent"));
    harness
        .dewy("wrong-bucket")
        .registry("gs://no-such-bucket/shop?endpoint=" + gcs.endpoint())
        .credentialsSecret("gcs-key")
        .volume("app")
        .create();

    assertBlockedUntouched(
        "wrong-bucket",
        "spec.registry: gs://no-such-bucket/shop (at %s): bucket \"no-such-bucket\" does not exist (check the bucket and endpoint=)"
            .formatted(gcs.endpoint()));
  }

  @Test
  void aMissingCredentialsKeyNamesTheKeyAndLeavesTheWorkloadUntouched() throws Exception {
    key("no-key", false);
    ArtifactFixtures.workload(harness, "half", Path.of("/nonexistent"));
    harness
        .dewy("half")
        .registry(gcs.url("apps/none", ""))
        .credentialsSecret("no-key")
        .volume("app")
        .create();

    assertBlockedUntouched(
        "half",
        "spec.credentialsSecret: Secret \"no-key\" has no GOOGLE_CREDENTIALS key (gs:// reads"
            + " GOOGLE_CREDENTIALS, a service account's JSON key; recreate it with kubectl create"
            + " secret generic no-key --from-file=GOOGLE_CREDENTIALS=KEY.json)");
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

  /** A Secret with a service account key of a fresh RSA key (the emulator checks none). */
  private void key(String name, boolean withKey) throws Exception {
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(harness.namespace())
            .endMetadata()
            .addToStringData("OTHER", "x");
    if (withKey) {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes())
                  .encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      String json =
          """
          {"type": "service_account", "project_id": "test", "private_key_id": "k1",
           "private_key": "%s", "client_email": "dewy@test.iam.gserviceaccount.com",
           "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}
          """
              .formatted(pem.replace("\n", "\\n"));
      secret.addToStringData("GOOGLE_CREDENTIALS", json);
    }
    harness.client().resource(secret.build()).createOr(r -> r.update());
  }

  private static java.util.Optional<dev.dewy.operator.api.v1alpha1.Condition> condition(
      DewyDeployment dd, String type) {
    return dd.getStatus() == null || dd.getStatus().getConditions() == null
        ? java.util.Optional.empty()
        : Conditions.find(dd.getStatus().getConditions(), type);
  }
}
