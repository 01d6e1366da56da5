package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.operator.testing.RepoCommand;
import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.BackendUse;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Helm walkthrough, run as a user runs it: the block marked {@code <!--
 * helm-walkthrough -->} is taken from README.md and run with bash from the repository's root, only
 * its ports and {@code /tmp/dewy} changed. It builds and pushes the operator's image, starts {@code
 * testenv/cluster --run-images}, installs the chart and deploys a version; the test then checks
 * what the user would see. A step missing from the block fails it.
 */
class HelmWalkthroughE2E {
  private static final String MARKER = "<!-- helm-walkthrough -->";
  private static final Pattern BLOCK =
      Pattern.compile(Pattern.quote(MARKER) + "\\s*```sh\\n(.*?)\\n```", Pattern.DOTALL);

  private static Path work;
  private static Process walkthrough;
  private static String output;
  private static int exitCode;
  private static String registry;
  private static Duration took;
  private static KubernetesClient client;

  @BeforeAll
  static void runTheReadmesBlock() throws Exception {
    assertThat(RepoCommand.run(List.of("id", "-u")).strip())
        .as("the walkthrough starts testenv/cluster --run-images, which needs root: run as root")
        .isEqualTo("0");
    BackendUse.used(Backend.CONTROL_PLANE);
    work = Files.createTempDirectory("dewy-walkthrough");
    registry = "127.0.0.1:" + freePort();
    String script =
        substitute(
            substitute(
                substitute(readmeBlock(), "/tmp/dewy", work.toString()),
                "127.0.0.1:5000",
                registry),
            "metricsPort=8080",
            "metricsPort=" + freePort());
    Path file = Files.writeString(work.resolve("walkthrough.sh"), script);
    Path log = work.resolve("walkthrough.log");
    Instant started = Instant.now();
    // its own session and process group, so that what it leaves running can be stopped as one
    walkthrough =
        new ProcessBuilder("setsid", "bash", "-euo", "pipefail", file.toString())
            .directory(RepoCommand.REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = walkthrough.waitFor(30, TimeUnit.MINUTES);
    took = Duration.between(started, Instant.now());
    output = Files.readString(log);
    exitCode = ended ? walkthrough.exitValue() : -1;
    System.out.printf(
        "helm walkthrough: %.1f s from a clone's state to v1.1.0 deployed%n",
        took.toMillis() / 1000.0);
    Path kubeconfig = work.resolve("kubeconfig");
    if (Files.exists(kubeconfig)) {
      client =
          new KubernetesClientBuilder()
              .withConfig(
                  Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
              .build();
    }
  }

  @AfterAll
  static void stopWhatItLeftRunning() throws Exception {
    if (client != null) {
      client.close();
    }
    if (walkthrough != null) {
      long group = walkthrough.pid();
      RepoCommand.runForResult(List.of("kill", "-TERM", "--", "-" + group));
      // the cluster stops its components and removes its temporary directory on SIGTERM
      for (int i = 0; i < 600 && groupAlive(group); i++) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      RepoCommand.runForResult(List.of("kill", "-KILL", "--", "-" + group));
    }
    if (work != null) {
      RepoCommand.runForResult(List.of("rm", "-rf", work.toString()));
    }
  }

  @Test
  void everyCommandOfTheBlockSucceedsAndTheLastOnesShowTheNewVersionDeployed() {
    assertThat(exitCode).as(output).isZero();
    assertThat(output)
        .contains("published " + registry + "/demo/hello:v1.1.0")
        .containsPattern("(?m)^hello\\s+True\\s+v1\\.1\\.0\\s+v1\\.1\\.0\\s+Idle\\s")
        .contains(registry + "/demo/hello:v1.1.0@" + digestOfV110() + "\n")
        .endsWith("validated v1.1.0\n");
  }

  @Test
  void theOperatorPodRunsFromItsImageReadyWithoutARestart() {
    assertThat(exitCode).as(output).isZero();
    Pod pod =
        client
            .pods()
            .inNamespace("dewy-system")
            .withLabel("app.kubernetes.io/name", "dewy-operator")
            .list()
            .getItems()
            .get(0);
    ContainerStatus operator = pod.getStatus().getContainerStatuses().get(0);
    PodCondition ready = condition(pod, "Ready");

    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(ready.getStatus()).isEqualTo("True");
    assertThat(operator.getReady()).isTrue();
    assertThat(operator.getRestartCount()).isZero();
    assertThat(operator.getImage()).isEqualTo(registry + "/dewy-operator:0.1.0");
    assertThat(operator.getImageID())
        .as("pulled, by digest")
        .startsWith(registry + "/dewy-operator@sha256:");
    assertThat(
            client.pods().inNamespace("dewy-system").withName(pod.getMetadata().getName()).getLog())
        .as("the operator's own log, through kubectl logs")
        .contains("'dewydeployment' controller started");
    Instant installed = Instant.parse(pod.getMetadata().getCreationTimestamp());
    System.out.printf(
        "helm walkthrough: operator pod created %s, Ready %s (%d s)%n",
        installed,
        ready.getLastTransitionTime(),
        Duration.between(installed, Instant.parse(ready.getLastTransitionTime())).toSeconds());
  }

  @Test
  void theDeployRecordsBothHooksAndMovesTheWorkload() {
    assertThat(exitCode).as(output).isZero();
    DewyDeployment dd =
        client.resources(DewyDeployment.class).inNamespace("demo").withName("hello").get();
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    HookResult after = dd.getStatus().getHooks().getAfterDeploy();

    assertThat(dd.getStatus().getCurrentVersion()).isEqualTo("v1.1.0");
    assertThat(before.getVersion()).isEqualTo("v1.1.0");
    assertThat(before.getExitCode()).isZero();
    assertThat(before.getStdout()).isEqualTo("pre-check for v1.1.0 (running v1.0.0)\n");
    assertThat(after.getVersion()).isEqualTo("v1.1.0");
    assertThat(after.getExitCode()).isZero();
    assertThat(after.getStdout()).isEqualTo("validated v1.1.0\n");
    assertThat(
            OperatorHarness.templateImage(
                client.apps().deployments().inNamespace("demo").withName("hello").get()))
        .isEqualTo(registry + "/demo/hello:v1.1.0@" + digestOfV110());
  }

  /** The digest the walkthrough's registry names for demo/hello:v1.1.0: what is deployed. */
  private static String digestOfV110() {
    return new dev.dewy.operator.demo.OciImagePusher(
            java.net.URI.create("http://" + registry), repository -> java.util.Optional.empty())
        .digest("demo/hello", "v1.1.0");
  }

  /** The commands of the README's marked block, exactly as written there. */
  static String readmeBlock() throws IOException {
    String readme = Files.readString(RepoCommand.REPO.resolve("README.md"));
    Matcher m = BLOCK.matcher(readme);
    assertThat(m.find()).as("README.md has a ```sh block right after %s", MARKER).isTrue();
    return m.group(1) + "\n";
  }

  /** Replaces what a test must change; fails when the README no longer says it. */
  private static String substitute(String script, String literal, String replacement) {
    assertThat(script).as("the walkthrough mentions %s", literal).contains(literal);
    return script.replace(literal, replacement);
  }

  private static PodCondition condition(Pod pod, String type) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private static boolean groupAlive(long group) throws Exception {
    return RepoCommand.runForResult(List.of("pgrep", "-g", Long.toString(group))).exit() == 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
