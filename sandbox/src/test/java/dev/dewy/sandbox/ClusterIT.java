package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import dev.dewy.sandbox.testenv.TestCluster;
import dev.dewy.sandbox.testenv.TestClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SandboxOptions#cluster()} (what the jar runs) as kubectl sees it, beside the real control
 * plane doing the same: Jobs run and end as on a cluster, Deployments roll out or get stuck.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(ControlPlaneExtension.class)
class ClusterIT {

  private static final Duration KUBECTL_PATIENCE = Duration.ofSeconds(120);

  @Parameter Backend backend;
  @org.junit.jupiter.api.io.TempDir Path dir;

  private TestCluster cluster;
  private Kubectl kubectl;

  @BeforeEach
  void startCluster(TestClusters clusters) {
    cluster = clusters.start(backend, "cluster-it");
    kubectl = cluster.kubectl();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void failingJobShowsExitCodeTerminationMessageAndBothStreamsInItsLogs() throws IOException {
    apply(job("fails", "echo out; echo err >&2; exit 3", ""));

    succeeds(wait("--for=condition=Failed", "job/fails"));

    assertThat(podField("fails", "state.terminated.exitCode")).isEqualTo("3");
    assertThat(podField("fails", "state.terminated.message")).isEqualTo("out\nerr\n");
    var logs = kubectl.run("logs", "job/fails");
    assertThat(logs.exitCode()).as(logs.toString()).isZero();
    assertThat(logs.stdout()).isEqualTo("out\nerr\n");
  }

  @Test
  void jobPastItsActiveDeadlineFailsWithDeadlineExceeded() throws IOException {
    apply(job("slow", "sleep 60", "  activeDeadlineSeconds: 2\n"));

    succeeds(wait("--for=condition=Failed", "job/slow"));

    var reason =
        kubectl.run(
            "get",
            "job",
            "slow",
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"Failed\")].reason}");
    assertThat(reason.stdout()).as(reason.toString()).isEqualTo("DeadlineExceeded");
  }

  @Test
  void deploymentWhoseImageChangesFinishesItsRollout() throws IOException {
    apply(deployment("web", "nginx:1.25", ""));
    succeeds(rolloutStatus("web"));

    succeeds(kubectl.run("set", "image", "deployment/web", "web=nginx:1.26"));
    var rollout = rolloutStatus("web");

    succeeds(rollout);
    assertThat(rollout.stdout()).contains("deployment \"web\" successfully rolled out");
    var image =
        kubectl.run(
            "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
    assertThat(image.stdout()).isEqualTo("nginx:1.26");
  }

  @Test
  void deploymentWithAnUnpullableImageExceedsItsProgressDeadline() throws IOException {
    apply(deployment("stuck", "app:unpullable", "  progressDeadlineSeconds: 2\n"));

    var rollout = rolloutStatus("stuck");

    assertThat(rollout.exitCode()).as(rollout.toString()).isNotZero();
    assertThat(rollout.stderr()).contains("deployment \"stuck\" exceeded its progress deadline");
    var reason =
        kubectl.run(
            "get",
            "deployment",
            "stuck",
            "-o",
            "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}");
    assertThat(reason.stdout()).isEqualTo("ProgressDeadlineExceeded");
  }

  private Kubectl.Result wait(String condition, String target) {
    return kubectl.run(KUBECTL_PATIENCE, "wait", condition, target, "--timeout=90s");
  }

  private Kubectl.Result rolloutStatus(String name) {
    return kubectl.run(
        KUBECTL_PATIENCE, "rollout", "status", "deployment/" + name, "--timeout=90s");
  }

  private String podField(String job, String path) {
    var result =
        kubectl.run(
            "get",
            "pod",
            "-l",
            "job-name=" + job,
            "-o",
            "jsonpath={.items[0].status.containerStatuses[0]." + path + "}");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.stdout();
  }

  private void apply(String manifest) throws IOException {
    Path file = Files.createTempFile(dir, "cluster", ".yaml");
    Files.writeString(file, manifest);
    succeeds(kubectl.run("apply", "-f", file.toString()));
  }

  private static void succeeds(Kubectl.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  private static String job(String name, String command, String extraSpec) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: %s
        spec:
          backoffLimit: 0
        %s  template:
            spec:
              restartPolicy: Never
              containers:
                - name: main
                  image: busybox
                  command: ["/bin/sh", "-c", %s]
                  terminationMessagePolicy: FallbackToLogsOnError
        """
        .formatted(name, extraSpec, quoted(command));
  }

  private static String deployment(String name, String image, String extraSpec) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %1$s
        spec:
          replicas: 2
        %3$s  selector:
            matchLabels: {app: %1$s}
          template:
            metadata:
              labels: {app: %1$s}
            spec:
              containers:
                - name: %1$s
                  image: %2$s
        """
        .formatted(name, image, extraSpec);
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
