package dev.dewy.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.sandbox.Kubectl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start as a user runs it: the demo on the sandbox, watched with the real
 * kubectl through the kubeconfig it prints, with either registry it may pick.
 */
class QuickStartE2E {
  @TempDir Path dir;

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private Demo demo;

  @AfterEach
  void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void withDockerRegistryTheNewerVersionIsDeployedBetweenBothHooks() throws Exception {
    runTheQuickStartWith(DistributionRegistry::start);

    assertThat(demo.registry().description()).startsWith("docker-registry");
  }

  @Test
  void withoutDockerRegistryTheStandInServesTheVersionsAndTheDeployIsTheSame() throws Exception {
    runTheQuickStartWith(StandInRegistry::start);

    assertThat(demo.registry().description()).startsWith("embedded stand-in registry");
  }

  private void runTheQuickStartWith(Supplier<DemoRegistry> registry) throws Exception {
    // given: the demo, started as --demo starts it, with its kubeconfig in a temp dir
    Path kubeconfig = dir.resolve("sandbox.kubeconfig");
    demo =
        Demo.start(
            DemoSettings.defaults()
                .withKubeconfig(kubeconfig)
                .withRegistry(registry)
                .withPublishDelay(Duration.ofSeconds(3))
                .withOut(new PrintStream(printed, true, StandardCharsets.UTF_8)));
    Kubectl kubectl = new Kubectl(kubeconfig);

    // then: it tells the user how to watch, once
    assertThat(output())
        .containsOnlyOnce("export KUBECONFIG=" + kubeconfig)
        .contains("kubectl get dd -n demo -w")
        .contains("kubectl describe dd hello -n demo")
        .contains("kubectl get jobs -n demo");

    try (Kubectl.Running watch = kubectl.start("get", "dd", "-n", "demo", "-w")) {
      // when: the newer version is published a few seconds later
      // then: kubectl get dd shows it deployed and ready, and the watch showed each phase
      seeTheNewerVersionDeployed(kubectl);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(watch.stdout())
                      .containsPattern("hello +True +v1\\.0\\.0 +v1\\.0\\.0 +Idle")
                      .containsPattern("hello +\\S+ +v1\\.0\\.0 +v1\\.1\\.0 +RunningBeforeHook")
                      .containsPattern("hello +\\S+ +v1\\.0\\.0 +v1\\.1\\.0 +Updating")
                      .containsPattern("hello +\\S+ +v1\\.0\\.0 +v1\\.1\\.0 +RunningAfterHook")
                      .containsPattern("hello +True +v1\\.1\\.0 +v1\\.1\\.0 +Idle"));
      // between both hooks: the rows came in this order (a phase kept over rows counts once)
      List<String> phases = new java.util.ArrayList<>();
      watch
          .stdout()
          .lines()
          .map(l -> l.trim().split("\\s+"))
          .filter(c -> c.length > 4 && !"PHASE".equals(c[4]))
          .map(c -> c[4])
          .forEach(
              phase -> {
                if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                  phases.add(phase);
                }
              });
      assertThat(phases)
          .containsSubsequence("RunningBeforeHook", "Updating", "RunningAfterHook", "Idle");
    }
    assertThat(timeAt(kubectl, "{.status.hooks.beforeDeploy.finishedAt}"))
        .isBeforeOrEqualTo(timeAt(kubectl, "{.status.hooks.afterDeploy.startedAt}"));

    // when: a pre-release is published later, then: the operator polls past it and stays on v1.1.0
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> output().contains("published demo/hello:v1.2.0-rc.1"));
    // two more passes: the first began after the publish, and a poll that finds nothing new
    // writes nothing, so the operator's own count is what says it looked
    long passes = demo.operator().passes(Demo.NAMESPACE, "hello");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> demo.operator().passes(Demo.NAMESPACE, "hello") >= passes + 2);
    assertThat(row(ok(kubectl, "get", "dd", "-n", "demo"), "hello"))
        .containsEntry("CURRENT", "v1.1.0")
        .containsEntry("LATEST", "v1.1.0");

    // and: it said how long the deploy it announced took, as measured, and where hooks run
    assertThat(output())
        .containsPattern("hello runs demo/hello:v1\\.1\\.0, \\d+\\.\\d s after it was published")
        .contains(
            "hook Jobs run as processes on this machine, as user "
                + System.getProperty("user.name"))
        .contains("publish v1.3.0");

    // when: the user types something that is not a version, then: it says what to give
    assertThat(demo.request("publish banana"))
        .contains("banana is not a version", "such as v1.3.0");
    // when: the user publishes a newer version as the guide says, then: it is deployed
    assertThat(demo.request("publish v1.3.0")).isEqualTo("dewy demo: published demo/hello:v1.3.0");
    awaitRow(kubectl, Map.of("READY", "True", "CURRENT", "v1.3.0", "PHASE", "Idle"));
    assertThat(hookStdout(kubectl, "afterDeploy")).isEqualTo("validated v1.3.0\n");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> output().contains("hello runs demo/hello:v1.3.0, "));
  }

  /** Waits until {@code kubectl get dd -n demo} shows hello's row with these cells. */
  private static void awaitRow(Kubectl kubectl, Map<String, String> cells) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(row(ok(kubectl, "get", "dd", "-n", "demo"), "hello"))
                    .containsAllEntriesOf(cells));
  }

  private void seeTheNewerVersionDeployed(Kubectl kubectl) throws Exception {
    awaitRow(
        kubectl, Map.of("READY", "True", "CURRENT", "v1.1.0", "LATEST", "v1.1.0", "PHASE", "Idle"));
    assertThat(output()).contains("published demo/hello:v1.1.0");
    assertThat(hookStdout(kubectl, "beforeDeploy"))
        .isEqualTo("pre-check for v1.1.0 (running v1.0.0)\n");
    assertThat(hookStdout(kubectl, "afterDeploy")).isEqualTo("validated v1.1.0\n");
    assertThat(
            ok(
                kubectl,
                "get",
                "deploy",
                "hello",
                "-n",
                "demo",
                "-o",
                "jsonpath={.spec.template.spec.containers[0].image}"))
        .isEqualTo(
            demo.registry().hostPort()
                + "/demo/hello:v1.1.0@"
                + new OciImagePusher(
                        java.net.URI.create("http://" + demo.registry().hostPort()),
                        repository -> java.util.Optional.empty())
                    .digest("demo/hello", "v1.1.0"));
    assertThat(ok(kubectl, "get", "jobs", "-n", "demo", "-o", "name"))
        .contains("before-deploy", "after-deploy");
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static String hookStdout(Kubectl kubectl, String hook) throws Exception {
    return ok(
        kubectl,
        "get",
        "dd",
        "hello",
        "-n",
        "demo",
        "-o",
        "jsonpath={.status.hooks." + hook + ".stdout}");
  }

  /** The table row of {@code name} from kubectl's default output, keyed by column header. */
  private static java.util.Map<String, String> row(String table, String name) {
    List<String> lines = table.lines().toList();
    List<String> headers = Arrays.asList(lines.get(0).trim().split("\\s+"));
    java.util.Map<String, String> row = new java.util.LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = Arrays.asList(line.trim().split("\\s+"));
      if (cells.get(0).equals(name)) {
        for (int i = 0; i < Math.min(headers.size(), cells.size()); i++) {
          row.put(headers.get(i), cells.get(i));
        }
      }
    }
    return row;
  }

  /** Runs kubectl and returns what it printed; a failure fails the test with its output. */
  /** A timestamp of the demo's DewyDeployment, read with kubectl's jsonpath. */
  private static Instant timeAt(Kubectl kubectl, String jsonPath) {
    return Instant.parse(
        ok(kubectl, "get", "dd", "hello", "-n", "demo", "-o", "jsonpath=" + jsonPath).trim());
  }

  private static String ok(Kubectl kubectl, String... args) {
    Kubectl.Result result = kubectl.run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.stdout();
  }
}
