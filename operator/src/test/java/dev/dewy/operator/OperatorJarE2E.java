package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorAccount;
import dev.dewy.operator.testing.OperatorJar;
import dev.dewy.operator.testing.WebManifest;
import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar operator/target/dewy-operator.jar} against the real control plane, as a user or
 * the chart runs it: with the chart's service account and leader election, with a kubeconfig whose
 * user is a client certificate, and refused where its account may not look.
 */
@ExtendWith(ControlPlaneExtension.class)
class OperatorJarE2E {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @TempDir Path dir;

  private final List<Process> started = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();
  private ControlPlane plane;

  @AfterEach
  void stop() {
    started.forEach(Process::destroyForcibly);
    namespaces.forEach(plane::deleteNamespace);
  }

  @Test
  void asTheChartRunsItTheJarTakesTheLeaseDeploysAndStopsCleanly(ControlPlane plane)
      throws Exception {
    this.plane = plane;
    OperatorAccount account = OperatorAccount.on(plane);
    String namespace = namespace("operatorjar");
    long mark = plane.audit().mark();
    int port = freePort();
    Process operator =
        jar(
            account.writeKubeconfig(dir.resolve("operator.kubeconfig")),
            "--namespace=" + namespace,
            "--leader-election-namespace=" + OperatorAccount.RELEASE_NAMESPACE,
            "--metrics-port=" + port);

    deployWebAndWait(plane.kubectl().inNamespace(namespace), operator);

    Lease lease =
        plane
            .client()
            .leases()
            .inNamespace(OperatorAccount.RELEASE_NAMESPACE)
            .withName("dewy-operator")
            .get();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    operator.destroy();
    assertThat(operator.waitFor(30, TimeUnit.SECONDS))
        .as("the operator stops on SIGTERM instead of hanging in its shutdown hook:\n%s", err())
        .isTrue();
    assertThat(plane.audit().forbidden(mark, account.user())).isEmpty();
  }

  @Test
  void withAClientCertificateKubeconfigTheJarDeploys(ControlPlane plane) throws Exception {
    this.plane = plane;
    OperatorAccount.on(plane);
    String namespace = namespace("operatorjar-cert");
    Process operator = jar(plane.kubeconfig(), "--namespace=" + namespace, "--metrics-port=0");

    deployWebAndWait(plane.kubectl().inNamespace(namespace), operator);
  }

  @Test
  void aNamespaceItsAccountMayNotReadStopsTheJarWithTheReason(ControlPlane plane) throws Exception {
    this.plane = plane;
    String granted = namespace("operatorjar-granted");
    String other = namespace("operatorjar-other");
    OperatorAccount account =
        OperatorAccount.namespaced(plane, "dewy-operator-" + granted, granted);

    Process operator =
        jar(
            account.writeKubeconfig(dir.resolve("namespaced.kubeconfig")),
            "--namespace=" + other,
            "--metrics-port=0");

    assertThat(operator.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(operator.exitValue()).isEqualTo(1);
    assertThat(err())
        .contains(
            "not allowed to list dewydeployments.dewy.dev in namespace " + other,
            "grant the operator the ClusterRole of charts/dewy-operator");
  }

  private void deployWebAndWait(Kubectl kubectl, Process operator) throws IOException {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    Path manifest = dir.resolve("web.yaml");
    Files.writeString(
        manifest,
        WebManifest.withHooks(
            registry.imageReference("shop/web", "v1.0.0"),
            registry.registryUrl("shop/web"),
            "echo \"before $DEWY_VERSION\"",
            "echo \"after $DEWY_VERSION\""));
    Kubectl.Result applied = kubectl.run("apply", "-f", manifest.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();

    Kubectl.Result waited =
        kubectl.run(
            TIMEOUT,
            "wait",
            "dd/web",
            "--for=jsonpath={.status.currentVersion}=v1.1.0",
            "--timeout=100s");
    assertThat(waited.exitCode())
        .as("%s\noperator alive: %s, its stderr:\n%s", waited, operator.isAlive(), err())
        .isZero();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                kubectl.run(
                    "get", "dd", "web", "-o", "jsonpath={.status.hooks.afterDeploy.stdout}"),
            r -> r.stdout().equals("after v1.1.0\n"));
  }

  private Process jar(Path kubeconfig, String... args) throws IOException {
    Process process = OperatorJar.start(dir, "operator", kubeconfig, Map.of(), args).process();
    started.add(process);
    return process;
  }

  private String namespace(String hint) {
    String name = plane.createNamespace(hint);
    namespaces.add(name);
    return name;
  }

  private String err() throws IOException {
    Path err = dir.resolve("operator.err");
    return Files.exists(err) ? Files.readString(err) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
