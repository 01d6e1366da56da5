package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.FakeGitHub;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ghr:// with spec.target.volume on the real control plane, against the fake GitHub API on loopback
 * (as a GitHub Enterprise Server): a new release's tarball is fetched into the volume by the
 * dewy-fetch init container, with the token from the Secret, between both hooks.
 */
class GitHubVolumeDeployIT {
  private static final String TOKEN = "ghp_volume_deploy";

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  private FakeGitHub github;

  @BeforeEach
  void start() throws Exception {
    github = new FakeGitHub("shop", "myapp", Clock.systemUTC()).requireToken(TOKEN);
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void aNewReleaseIsFetchedIntoTheVolumeBetweenBothHooks() throws Exception {
    github.publish(
        "v1.0.0",
        false,
        Instant.now(),
        Map.of("shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0")));
    Path mount = ArtifactFixtures.mount();
    token("github-token", "GH_TOKEN");
    ArtifactFixtures.workload(harness, "shop", mount);

    harness
        .dewy("shop")
        .registry(github.registryUrl(""))
        .credentialsSecret("github-token")
        .volume("app")
        .beforeHook("echo \"checking $DEWY_VERSION (was $DEWY_PREVIOUS_VERSION)\"")
        .afterHook("echo \"deployed $DEWY_VERSION\"")
        .create();
    ArtifactFixtures.awaitVersion(harness, "shop", "v1.0.0");
    FakeGitHub.Release next =
        github.publish(
            "v1.1.0",
            false,
            Instant.now(),
            Map.of("shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.1.0")));
    DewyDeployment dd = ArtifactFixtures.awaitVersion(harness, "shop", "v1.1.0");

    PodTemplateSpec template = harness.workload("shop").getSpec().getTemplate();
    assertThat(template.getSpec().getInitContainers()).hasSize(1);
    Container fetch = template.getSpec().getInitContainers().get(0);
    assertThat(fetch.getArgs())
        .containsExactly(
            "fetch", "--source=" + github.registryUrl(""), "--version=v1.1.0", "--into=" + mount);
    assertThat(fetch.getEnv())
        .singleElement()
        .satisfies(
            env -> {
              assertThat(env.getName()).isEqualTo("GITHUB_TOKEN");
              assertThat(env.getValue()).isNull();
              assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("github-token");
              assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("GH_TOKEN");
            });
    assertThat(template.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", "v1.1.0");
    assertThat(mount.resolve("releases/v1.1.0/shop")).hasContent("#!/bin/sh\necho v1.1.0");
    assertThat(Files.readSymbolicLink(mount.resolve("current")))
        .isEqualTo(Path.of("releases/v1.1.0"));

    FakeGitHub.Request download =
        github.requests().stream()
            .filter(r -> r.path().equals("/storage/" + next.assets().get(0).id()))
            .findFirst()
            .orElseThrow();
    var hooks = dd.getStatus().getHooks();
    assertThat(hooks.getBeforeDeploy().getStdout()).isEqualTo("checking v1.1.0 (was v1.0.0)\n");
    assertThat(hooks.getAfterDeploy().getStdout()).isEqualTo("deployed v1.1.0\n");
    assertThat(Instant.parse(hooks.getBeforeDeploy().getFinishedAt()))
        .isBeforeOrEqualTo(download.at());
    assertThat(download.at().truncatedTo(ChronoUnit.SECONDS))
        .isBeforeOrEqualTo(Instant.parse(hooks.getAfterDeploy().getStartedAt()));
    assertThat(dd.getStatus().getHistory())
        .extracting(h -> h.getVersion() + " " + h.getPreviousVersion() + " " + h.getResult())
        .containsExactly(
            "v1.1.0 v1.0.0 " + DeployResult.Succeeded, "v1.0.0 null " + DeployResult.Succeeded);

    assertThat(github.requests())
        .filteredOn(r -> r.path().startsWith("/api/"))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer " + TOKEN));
    assertThat(github.requests())
        .filteredOn(r -> r.path().startsWith("/storage/"))
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());

    // Dewy's shipping report: a text asset on each deployed release, uploaded with the token
    String shipped = "shipped to shop." + harness.namespace() + " at ";
    for (String version : java.util.List.of("v1.0.0", "v1.1.0")) {
      assertThat(awaitReport(version))
          .satisfies(
              report -> {
                String text = new String(report.bytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(text).startsWith(shipped).matches(".* at [0-9]{8}T[0-9]{6}Z");
                assertThat(report.name()).isEqualTo(text.replace(' ', '_') + ".txt");
                assertThat(report.contentType()).isEqualTo("text/plain");
              });
    }
  }

  @Test
  void aReportGitHubRefusesIsAWarningAndTheDeployStands() throws Exception {
    github.publish(
        "v1.0.0",
        false,
        Instant.now(),
        Map.of("shop_linux_amd64.tar.gz", ArtifactFixtures.release("v1.0.0")));
    github.refuseUploads();
    token("read-only", "GITHUB_TOKEN");
    ArtifactFixtures.workload(harness, "read-only", ArtifactFixtures.mount());

    harness
        .dewy("read-only")
        .registry(github.registryUrl(""))
        .credentialsSecret("read-only")
        .volume("app")
        .create();
    ArtifactFixtures.awaitVersion(harness, "read-only", "v1.0.0");

    assertThat(ArtifactFixtures.awaitReportFailed(harness, "read-only", "v1.0.0", "ghr"))
        .contains("403 from POST " + FakeGitHub.UPLOADS_PATH)
        .contains("write access to the repository's contents");
    DewyDeployment dd = harness.get("read-only");
    assertThat(dd.getStatus().getHistory())
        .extracting(h -> h.getVersion() + " " + h.getResult())
        .containsExactly("v1.0.0 " + DeployResult.Succeeded);
    assertThat(FlowFixtures.ready(dd).getStatus()).isEqualTo("True");
    assertThat(github.assets("v1.0.0"))
        .extracting(FakeGitHub.Asset::name)
        .containsExactly("shop_linux_amd64.tar.gz");
  }

  /** The shipping report asset on the release of {@code version}, once it is there. */
  private FakeGitHub.Asset awaitReport(String version) {
    return org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                github.assets(version).stream()
                    .filter(a -> a.name().startsWith("shipped_to_"))
                    .toList(),
            reports -> reports.size() == 1)
        .get(0);
  }

  @Test
  void aSecretWithoutATokenNamesTheKeysAndLeavesTheWorkloadUntouched() throws Exception {
    token("no-token", "OTHER");
    ArtifactFixtures.workload(harness, "no-token", Path.of("/nonexistent"));
    harness
        .dewy("no-token")
        .registry(github.registryUrl(""))
        .credentialsSecret("no-token")
        .volume("app")
        .create();

    String message =
        "spec.credentialsSecret: Secret \"no-token\" has no GITHUB_TOKEN key (ghr:// reads"
            + " GITHUB_TOKEN or GH_TOKEN, or a GitHub App's GITHUB_APP_ID,"
            + " GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY; recreate it with kubectl"
            + " create secret generic no-token --from-literal=GITHUB_TOKEN=...)";
    DewyDeployment dd =
        harness.await(
            "no-token",
            Duration.ofSeconds(60),
            d ->
                FlowFixtures.condition(d, Conditions.READY)
                    .map(c -> message.equals(c.getMessage()))
                    .orElse(false));
    assertThat(FlowFixtures.ready(dd).getStatus()).isEqualTo("False");
    assertThat(harness.workload("no-token").getSpec().getTemplate().getSpec().getInitContainers())
        .isEmpty();
    assertThat(github.requests()).isEmpty();
  }

  private void token(String name, String key) {
    harness
        .client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(harness.namespace())
                .endMetadata()
                .addToStringData(key, TOKEN)
                .build())
        .createOr(r -> r.update());
  }
}
