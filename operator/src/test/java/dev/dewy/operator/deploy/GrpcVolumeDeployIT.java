package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.registry.DewyRegistryServer;
import dev.dewy.operator.registry.grpc.ReportRequest;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * grpc:// with spec.target.volume on the real control plane, against a real Dewy registry server on
 * loopback: Current picks the release, the dewy-fetch init container downloads it over HTTP, and
 * the server hears one Report per shipped version (none with spec.report: false).
 */
class GrpcVolumeDeployIT {
  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  private DewyRegistryServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = new DewyRegistryServer();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.close();
  }

  @Test
  void theServersReleaseIsFetchedIntoTheVolumeBetweenBothHooksAndReportedOnce() throws Exception {
    Path mount = mount();
    offer("r-1", "v1.0.0");
    workload("shop", mount);

    harness
        .dewy("shop")
        .registry(server.url())
        .volume("app")
        .beforeHook(
            "[ -e "
                + mount
                + "/releases/$DEWY_VERSION ] && echo \"$DEWY_VERSION present\""
                + " || echo \"$DEWY_VERSION absent\"")
        .afterHook(mount + "/current/shop")
        .create();
    awaitVersion("shop", "v1.0.0");
    awaitReports(1);
    offer("r-2", "v1.1.0");
    DewyDeployment dd = awaitVersion("shop", "v1.1.0");
    awaitReports(2);

    Container fetch =
        harness.workload("shop").getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertThat(fetch.getArgs())
        .containsExactly(
            "fetch", "--source=" + server.url(), "--version=v1.1.0", "--into=" + mount);
    assertThat(dd.getStatus().getHooks().getBeforeDeploy().getStdout())
        .isEqualTo("v1.1.0 absent\n");
    assertThat(dd.getStatus().getHooks().getAfterDeploy().getStdout()).isEqualTo("v1.1.0\n");
    assertThat(Files.readSymbolicLink(mount.resolve("current")))
        .isEqualTo(Path.of("releases/v1.1.0"));
    assertThat(dd.getStatus().getHistory())
        .extracting(h -> h.getVersion() + " " + h.getResult())
        .containsExactly("v1.1.0 " + DeployResult.Succeeded, "v1.0.0 " + DeployResult.Succeeded);
    assertThat(server.reports())
        .extracting(r -> r.getId() + " " + r.getTag() + " " + r.getCommand() + " " + r.hasErr())
        .containsExactly("r-1 v1.0.0 assets false", "r-2 v1.1.0 assets false");
  }

  @Test
  void withReportsOffTheServerHearsNothing() throws Exception {
    offer("r-1", "v1.0.0");
    workload("quiet", mount());
    workload("loud", mount());

    harness.dewy("quiet").registry(server.url()).volume("app").report(false).create();
    awaitVersion("quiet", "v1.0.0");
    // reports go out one at a time in deploy order: once loud's arrives, quiet's would have too
    harness.dewy("loud").registry(server.url()).volume("app").create();
    awaitVersion("loud", "v1.0.0");
    awaitReports(1);

    assertThat(server.reports()).extracting(ReportRequest::getTag).containsExactly("v1.0.0");
    assertThat(harness.events("quiet")).extracting(Event::getReason).doesNotContain("ReportFailed");
  }

  @Test
  void aServerThatFailsReportLeavesTheDeploySucceededWithAReportFailedWarning() throws Exception {
    offer("r-1", "v1.0.0");
    server.failReport(Status.INTERNAL.withDescription("disk full"));
    workload("refused", mount());

    harness.dewy("refused").registry(server.url()).volume("app").create();
    DewyDeployment dd = awaitVersion("refused", "v1.0.0");

    assertThat(ArtifactFixtures.awaitReportFailed(harness, "refused", "v1.0.0", "grpc"))
        .contains("grpc://127.0.0.1:")
        .contains("Report failed with INTERNAL (disk full)");
    dd = harness.get("refused");
    assertThat(dd.getStatus().getHistory())
        .extracting(h -> h.getVersion() + " " + h.getResult())
        .containsExactly("v1.0.0 " + DeployResult.Succeeded);
    assertThat(dd.getStatus().getConditions())
        .filteredOn(c -> Conditions.READY.equals(c.getType()))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(server.reports()).isEmpty();
  }

  private void offer(String id, String version) throws IOException {
    server.offer(
        id,
        version,
        server.serve(version + "/shop_linux_amd64.tar.gz", ArtifactFixtures.release(version)));
  }

  private void awaitReports(int count) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> server.reports().size() >= count);
  }

  private DewyDeployment awaitVersion(String name, String version) {
    return harness.await(
        name,
        Duration.ofSeconds(120),
        d ->
            d.getStatus() != null
                && version.equals(d.getStatus().getCurrentVersion())
                && d.getStatus().getRollout() == null);
  }

  private static Path mount() throws IOException {
    return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "volume-")
        .toAbsolutePath();
  }

  /** A Deployment whose app container mounts the emptyDir "app" at {@code mount}. */
  private void workload(String name, Path mount) {
    PodTemplateSpec template = OperatorHarness.template(name, "registry.example.com/shop:stable");
    Container app = template.getSpec().getContainers().get(0);
    app.setEnv(List.of(new EnvVar("GREETING", "hi", null)));
    app.setVolumeMounts(
        List.of(new VolumeMountBuilder().withName("app").withMountPath(mount.toString()).build()));
    template
        .getSpec()
        .setVolumes(
            List.of(new VolumeBuilder().withName("app").withNewEmptyDir().endEmptyDir().build()));
    FlowFixtures.deployment(harness, name, 1, template, null);
  }
}
