package dev.dewy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.deploy.Labels;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl dewy}, run as a user runs it: the real kubectl finding {@code bin/kubectl-dewy} on
 * the PATH, against the control plane, with the operator deploying. Each subcommand's output is
 * compared line by line; only ages and durations, which the clock decides, are patterns.
 */
class KubectlPluginE2E {
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final Path PLUGIN_DIR = Path.of("../bin");

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void everySubcommandAsAUserRunsIt(@TempDir Path dir) throws Exception {
    // given a deploy whose before hook fails until a file exists, polled hourly
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
    Path fixed = dir.resolve("fixed");
    harness
        .dewy("web")
        .registry(registry.registryUrl("shop/web"))
        .interval("1h")
        .beforeHook(
            "test -f "
                + fixed
                + " || { echo \"not fixed yet\" >&2; exit 1; }; echo checking"
                + " $DEWY_VERSION")
        .afterHook("echo done $DEWY_VERSION; echo slow >&2")
        .create();
    harness.await("web", LONG, d -> d.getStatus().getPhase() == Phase.Failed);

    assertLines(
        ok("dewy", "status"),
        "NAME   READY   REASON             CURRENT   LATEST   PHASE    AGE",
        "web    False   BeforeHookFailed   v1.0.0    v1.1.0   Failed   \\d+s");
    assertLines(
        ok("dewy", "logs", "web"),
        "==> beforeDeploy hook for v1\\.1\\.0, Job web-[a-z0-9-]+: exit code 1 \\(BackoffLimitExceeded\\) after \\S+ <==",
        "\\$ test -f " + fixed + " \\|\\| .*",
        "--- stderr ---",
        "not fixed yet");

    // when the cause is fixed and the retry is asked for with the plugin
    Files.createFile(fixed);
    assertThat(ok("dewy", "retry", "web"))
        .isEqualTo("dewydeployment.dewy.dev/web retry requested\n");
    DewyDeployment deployed = harness.awaitDeployed("web", "v1.1.0", LONG);
    assertThat(Instant.parse(deployed.getMetadata().getAnnotations().get(Labels.RETRY)))
        .isBeforeOrEqualTo(Instant.now());

    // then status, history and both hooks' output read as the operator recorded them
    assertLines(
        ok("dewy", "status"),
        "NAME   READY   REASON     CURRENT   LATEST   PHASE   AGE",
        "web    True    UpToDate   v1\\.1\\.0    v1\\.1\\.0   Idle    \\d+s");
    String one = ok("dewy", "status", "web");
    assertThat(one).contains("\n\nReady=True UpToDate: ");
    assertLines(
        ok("dewy", "history", "web"),
        "VERSION   PREVIOUS   RESULT      BEFORE   AFTER    TOOK +FINISHED +MESSAGE",
        "v1\\.1\\.0    v1\\.0\\.0     Succeeded   exit 0   exit 0   \\d+s +\\d+s ago +deployed v1\\.1\\.0",
        "v1\\.1\\.0    v1\\.0\\.0     Aborted     exit 1   -        \\d+s +\\d+s ago +before-deploy hook"
            + " failed for v1\\.1\\.0: BackoffLimitExceeded, exit code 1 after \\S+: \"not fixed yet\";"
            + " the workload was not changed");

    // the recorded output stays readable once the Jobs and their pods are gone
    Kubectl.Result deleted = harness.kubectl().run("delete", "jobs", "--all", "--wait=true");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(harness.hookJobs("web")).isEmpty();
    String jobPattern = "Job web-[a-z0-9-]+";
    assertLines(
        ok("dewy", "logs", "web"),
        "==> beforeDeploy hook for v1\\.1\\.0, " + jobPattern + ": exit code 0 after \\S+ <==",
        "\\$ test -f .*",
        "checking v1\\.1\\.0",
        "",
        "==> afterDeploy hook for v1\\.1\\.0, " + jobPattern + ": exit code 0 after \\S+ <==",
        "\\$ echo done \\$DEWY_VERSION; echo slow >&2",
        "done v1\\.1\\.0",
        "--- stderr ---",
        "slow");
    assertLines(
        ok("dewy", "logs", "web", "--hook", "after"),
        "==> afterDeploy hook for v1\\.1\\.0, " + jobPattern + ": exit code 0 after \\S+ <==",
        "\\$ echo done \\$DEWY_VERSION; echo slow >&2",
        "done v1\\.1\\.0",
        "--- stderr ---",
        "slow");

    // suspend and resume, each said once and reported when already so
    assertThat(ok("dewy", "suspend", "web")).isEqualTo("dewydeployment.dewy.dev/web suspended\n");
    assertThat(harness.get("web").getSpec().getSuspend()).isTrue();
    assertThat(ok("dewy", "suspend", "web"))
        .isEqualTo("dewydeployment.dewy.dev/web already suspended\n");
    assertThat(ok("dewy", "resume", "web")).isEqualTo("dewydeployment.dewy.dev/web resumed\n");
    assertThat(harness.get("web").getSpec().getSuspend()).isFalse();

    // rollback pins the version that ran before, and the operator deploys it with its hooks
    assertThat(ok("dewy", "rollback", "web"))
        .isEqualTo("dewydeployment.dewy.dev/web pinned to v1.0.0 (spec.version)\n");
    harness.awaitDeployed("web", "v1.0.0", LONG);
    assertThat(harness.image("web")).isEqualTo(registry.pinnedReference("shop/web", "v1.0.0"));
    assertThat(ok("dewy", "history", "web").lines().skip(1).findFirst().orElseThrow())
        .matches("v1\\.0\\.0    v1\\.1\\.0     Succeeded   exit 0   exit 0   .*");
    assertThat(ok("dewy", "rollback", "web", "v1.1.0"))
        .isEqualTo("dewydeployment.dewy.dev/web pinned to v1.1.0 (spec.version)\n");
    assertThat(harness.get("web").getSpec().getVersion()).isEqualTo("v1.1.0");
  }

  @Test
  void approveAsAUserRunsIt() {
    // given a version awaiting approval
    registry.pushImages("shop/gated", "v1.0.0", "v1.1.0");
    harness.deployment("gated", registry.imageReference("shop/gated", "v1.0.0"));
    harness
        .dewy("gated")
        .registry(registry.registryUrl("shop/gated"))
        .interval("1h")
        .manualApproval(null)
        .beforeHook("echo checking $DEWY_VERSION")
        .create();
    harness.await("gated", LONG, d -> d.getStatus().getPhase() == Phase.AwaitingApproval);
    assertLines(
        ok("dewy", "status"),
        "NAME    READY   REASON             CURRENT   LATEST   PHASE              AGE",
        "gated   False   AwaitingApproval   v1\\.0\\.0    v1\\.1\\.0   AwaitingApproval   \\d+s");

    // approving another version is refused before anything is written
    Kubectl.Result wrong = plugin("dewy", "approve", "gated", "v1.0.9");
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.stderr())
        .isEqualTo(
            "error: dewydeployment.dewy.dev/gated awaits approval of v1.1.0, not v1.0.9 (to deploy"
                + " v1.0.9 instead, pin it: kubectl dewy rollback gated v1.0.9)\n");
    assertThat(harness.get("gated").getMetadata().getAnnotations())
        .doesNotContainKey(Labels.APPROVE);

    // approving the waiting one deploys it, and the operator names the plugin as the approver
    assertThat(ok("dewy", "approve", "gated", "v1.1.0"))
        .isEqualTo("dewydeployment.dewy.dev/gated v1.1.0 approved\n");
    harness.awaitDeployed("gated", "v1.1.0", LONG);
    assertThat(harness.image("gated")).isEqualTo(registry.pinnedReference("shop/gated", "v1.1.0"));
    assertThat(harness.awaitEvents("gated", "Approved"))
        .filteredOn(e -> "Approved".equals(e.getReason()))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "v1.1.0 approved by the annotation dewy.dev/approve, set by kubectl-dewy"));

    // a DewyDeployment that deploys without approval has nothing to approve
    harness.dewy("free").registry(registry.registryUrl("shop/gated")).create();
    Kubectl.Result free = plugin("dewy", "approve", "free", "v1.1.0");
    assertThat(free.exitCode()).isEqualTo(1);
    assertThat(free.stderr())
        .isEqualTo(
            "error: dewydeployment.dewy.dev/free deploys without approval (spec.approval is not"
                + " manual); nothing to approve\n");
  }

  @Test
  void badInputIsNamedAndEveryCommandHasHelp() {
    Kubectl.Result missing = plugin("dewy", "history", "nosuch");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr())
        .isEqualTo(
            "error: dewydeployments.dewy.dev \"nosuch\" not found in namespace "
                + harness.namespace()
                + "\n");

    Kubectl.Result badHook = plugin("dewy", "logs", "web", "--hook", "sideways");
    assertThat(badHook.exitCode()).isEqualTo(2);
    assertThat(badHook.stderr())
        .startsWith(
            "Invalid value for option '--hook': expected one of [before, after] (case-sensitive)"
                + " but was 'sideways'");

    Kubectl.Result noContext = plugin("dewy", "status", "--context", "nosuch");
    assertThat(noContext.exitCode()).isEqualTo(1);
    assertThat(noContext.stderr())
        .isEqualTo("error: context \"nosuch\" does not exist in the kubeconfig\n");

    assertThat(ok("dewy", "status")).isEmpty();
    assertThat(ok("dewy", "--help"))
        .contains("Usage: kubectl dewy [-hV] [COMMAND]")
        .contains("status", "history", "logs", "approve", "retry", "suspend", "resume", "rollback");
    for (String command :
        new String[] {
          "status", "history", "logs", "approve", "retry", "suspend", "resume", "rollback"
        }) {
      assertThat(ok("dewy", command, "--help"))
          .startsWith("Usage: kubectl dewy " + command + " ")
          .contains("-n, --namespace=NAMESPACE", "--context=CONTEXT", "--kubeconfig=FILE");
    }
    assertThat(ok("dewy", "rollback", "--help")).contains("NAME [VERSION]");
    assertThat(ok("dewy", "approve", "--help")).contains("NAME VERSION");
  }

  private Kubectl.Result plugin(String... args) {
    return harness
        .kubectl()
        .runPlugin(PLUGIN_DIR, Map.of("JAVA_HOME", System.getProperty("java.home")), args);
  }

  private String ok(String... args) {
    Kubectl.Result result = plugin(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.stdout();
  }

  /** Each line of {@code text} matches the pattern of the same index, and there are no more. */
  private static void assertLines(String text, String... patterns) {
    var lines = text.lines().toList();
    assertThat(lines).as(text).hasSize(patterns.length);
    for (int i = 0; i < patterns.length; i++) {
      assertThat(lines.get(i)).as("line %d of:%n%s", i + 1, text).matches(patterns[i]);
    }
  }
}
