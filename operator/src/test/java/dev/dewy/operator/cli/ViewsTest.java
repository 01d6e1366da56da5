package dev.dewy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HookSummary;
import dev.dewy.operator.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void tablesAlignAsKubectlsWithNoneForEmptyCellsAndNoTrailingBlanks() {
    String table = new Table("NAME", "MESSAGE").row("a", null).row("longer", "two\nlines").render();

    assertThat(table).isEqualTo("NAME     MESSAGE\na        <none>\nlonger   two lines\n");
    assertThatThrownBy(() -> new Table("A", "B").row("only one"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusShowsReadyItsReasonTheVersionsThePhaseAndTheAge() {
    DewyDeployment web = resource("shop", "web", "2026-12-02T09:55:30Z");
    web.getStatus().setCurrentVersion("v1.1.0");
    web.getStatus().setLatestVersion("v1.2.0");
    web.getStatus().setPhase(Phase.RunningBeforeHook);
    web.getStatus()
        .getConditions()
        .add(condition("Ready", "False", "Deploying", "deploying v1.2.0"));
    web.getStatus().getConditions().add(condition("Reconciling", "True", "Deploying", null));
    DewyDeployment fresh = resource("ops", "api", "2026-12-02T09:59:58Z");

    assertThat(Views.status(List.of(web, fresh), false, NOW))
        .isEqualTo(
            """
            NAME   READY     REASON      CURRENT   LATEST   PHASE               AGE
            web    False     Deploying   v1.1.0    v1.2.0   RunningBeforeHook   4m30s
            api    Unknown   <none>      <none>    <none>   <none>              2s
            """);
    assertThat(Views.status(List.of(web), true, NOW).lines().findFirst().orElseThrow())
        .startsWith("NAMESPACE   NAME   READY");
    assertThat(Views.conditions(web))
        .isEqualTo("Ready=False Deploying: deploying v1.2.0\nReconciling=True Deploying\n");
  }

  @Test
  void historyShowsEachDeployWithItsHooksAndHowLongItTook() {
    DewyDeployment web = resource("shop", "web", "2026-12-01T00:00:00Z");
    HistoryEntry ok = entry("v1.1.0", "v1.0.0", DeployResult.Succeeded, "deployed v1.1.0");
    ok.setStartedAt("2026-12-02T09:00:00Z");
    ok.setFinishedAt("2026-12-02T09:01:05Z");
    ok.setBeforeDeploy(summary(0, null));
    ok.setAfterDeploy(summary(3, null));
    HistoryEntry timedOut = entry("v1.0.1", "v1.0.0", DeployResult.Aborted, "timed out");
    timedOut.setBeforeDeploy(summary(null, "DeadlineExceeded"));
    web.getStatus().setHistory(List.of(ok, timedOut));

    assertThat(Views.history(web, NOW))
        .isEqualTo(
            """
            VERSION   PREVIOUS   RESULT      BEFORE             AFTER    TOOK     FINISHED   MESSAGE
            v1.1.0    v1.0.0     Succeeded   exit 0             exit 3   1m5s     58m ago    deployed v1.1.0
            v1.0.1    v1.0.0     Aborted     DeadlineExceeded   -        <none>   <none>     timed out
            """);
  }

  @Test
  void aHookLogHasItsCommandOutputAndOutcomeAndSaysWhenItIsStillRunning() {
    HookResult done = new HookResult();
    done.setVersion("v2");
    done.setJobName("web-before-deploy-1");
    done.setCommand("./check.sh\n");
    done.setStdout("fine");
    done.setStderr("careful\n");
    done.setExitCode(0);
    done.setDuration("1.5s");
    done.setFinishedAt("2026-12-02T09:00:00Z");
    HookResult running = new HookResult();
    running.setCommand("sleep 60");

    assertThat(Views.hookLog("beforeDeploy", done))
        .isEqualTo(
            """
            ==> beforeDeploy hook for v2, Job web-before-deploy-1: exit code 0 after 1.5s <==
            $ ./check.sh
            fine
            --- stderr ---
            careful
            """);
    assertThat(Views.hookLog("afterDeploy", running))
        .isEqualTo("==> afterDeploy hook: running <==\n$ sleep 60\n");
  }

  @Test
  void theCommandLineRefusesUnknownCommandsAndOptionsWithUsageErrors() {
    assertThat(KubectlDewy.run(java.time.Clock.systemUTC(), "sideways")).isEqualTo(2);
    assertThat(KubectlDewy.run(java.time.Clock.systemUTC(), "status", "--bogus")).isEqualTo(2);
    assertThat(KubectlDewy.run(java.time.Clock.systemUTC(), "history")).isEqualTo(2);
    assertThat(KubectlDewy.run(java.time.Clock.systemUTC(), "--help")).isZero();
  }

  private static DewyDeployment resource(String namespace, String name, String created) {
    DewyDeployment resource = new DewyDeployment();
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withCreationTimestamp(created)
            .build());
    resource.setStatus(new DewyDeploymentStatus());
    return resource;
  }

  private static Condition condition(String type, String status, String reason, String message) {
    Condition condition = new Condition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    return condition;
  }

  private static HistoryEntry entry(
      String version, String previous, DeployResult result, String message) {
    HistoryEntry entry = new HistoryEntry();
    entry.setVersion(version);
    entry.setPreviousVersion(previous);
    entry.setResult(result);
    entry.setMessage(message);
    return entry;
  }

  private static HookSummary summary(Integer exitCode, String reason) {
    HookSummary summary = new HookSummary();
    summary.setExitCode(exitCode);
    summary.setReason(reason);
    return summary;
  }
}
