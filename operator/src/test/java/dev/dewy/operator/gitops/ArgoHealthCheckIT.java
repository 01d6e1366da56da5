package dev.dewy.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Argo CD health check in docs/argocd/health.lua, run by the real Lua 5.1 interpreter (the
 * language Argo CD embeds) on DewyDeployments in the states users meet.
 */
class ArgoHealthCheckIT {
  private static final Path SCRIPT = Path.of("../docs/argocd/health.lua").toAbsolutePath();
  private static final String LUA = "/usr/bin/lua5.1";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no status yet                        | Progressing | Waiting for dewy-operator to report",
        "runs the newest version              | Healthy     | runs v1.4.0, the newest version",
        "rollout in progress                  | Progressing | deploying v1.5.0 (runs v1.4.0), attempt 1",
        "before hook aborted the deploy       | Degraded    | before-deploy hook failed for v1.5.0: exit code 3",
        "after hook failed but deploy stands  | Healthy     | v1.5.0 is deployed, but the after-deploy hook failed",
        "spec cannot work                     | Degraded    | spec.interval: \"soon\" is not a duration",
        "suspended                            | Suspended   | v1.5.0 is available (runs v1.4.0); deploys are suspended",
        "held after a manual change           | Suspended   | Deployment \"myapp\" runs v1.3.0 (image r.example.com/shop/myapp:v1.3.0), set by kubectl-set",
        "runs a newer version than registry   | Healthy     | runs v1.6.0, newer than v1.5.0",
        "awaiting approval                    | Suspended   | v1.5.0 awaits approval (runs v1.4.0)",
        "not approved in time                 | Degraded    | v1.5.0 was not approved within spec.approvalTimeout",
        "rolling back                         | Progressing | rolling back v1.5.0 to v1.4.0: its rollout failed: deployment \"myapp\" exceeded its progress deadline",
        "rolled back                          | Degraded    | v1.5.0 was rolled back to v1.4.0: its rollout failed",
        "rollback failed                      | Degraded    | v1.5.0 failed (its rollout failed",
        "spec changed, not observed yet       | Progressing | Waiting for dewy-operator to observe generation 3",
      })
  void healthFollowsTheConditions(String state, String health, String message) throws Exception {
    String[] result = run(resource(state));
    assertThat(result[0]).isEqualTo(health);
    assertThat(result[1]).startsWith(message);
  }

  private static JsonNode resource(String state) throws IOException {
    String status =
        switch (state) {
          case "no status yet" -> "";
          case "runs the newest version" ->
              cond("Ready", "True", "UpToDate", "runs v1.4.0, the newest version");
          case "rollout in progress" ->
              cond("Ready", "Unknown", "Deploying", "deploying v1.5.0 (runs v1.4.0), attempt 1")
                  + cond(
                      "Reconciling",
                      "True",
                      "Deploying",
                      "deploying v1.5.0 (runs v1.4.0), attempt 1");
          case "before hook aborted the deploy" ->
              cond(
                      "Ready",
                      "False",
                      "BeforeHookFailed",
                      "before-deploy hook failed for v1.5.0: exit code 3: \\\"boom\\\"")
                  + cond(
                      "Reconciling",
                      "True",
                      "ProgressingWithRetry",
                      "the last attempt at v1.5.0 failed; the next starts after 2026-03-15T10:31:00Z");
          case "after hook failed but deploy stands" ->
              cond(
                  "Ready",
                  "True",
                  "AfterHookFailed",
                  "v1.5.0 is deployed, but the after-deploy hook failed: exit code 1");
          case "spec cannot work" ->
              cond("Ready", "False", "InvalidSpec", "spec.interval: \\\"soon\\\" is not a duration")
                  + cond(
                      "Stalled",
                      "True",
                      "InvalidSpec",
                      "spec.interval: \\\"soon\\\" is not a duration");
          case "suspended" ->
              cond(
                  "Ready",
                  "True",
                  "Suspended",
                  "v1.5.0 is available (runs v1.4.0); deploys are suspended");
          case "held after a manual change" ->
              cond(
                      "Ready",
                      "False",
                      "HeldAfterManualChange",
                      "Deployment \\\"myapp\\\" runs v1.3.0 (image r.example.com/shop/myapp:v1.3.0),"
                          + " set by kubectl-set; dewy-operator deployed v1.4.0; deploys are held")
                  + cond(
                      "Drifted",
                      "True",
                      "ManualChange",
                      "Deployment \\\"myapp\\\" runs v1.3.0, set by kubectl-set");
          case "runs a newer version than registry" ->
              cond(
                  "Ready",
                  "True",
                  "NewerThanRegistry",
                  "runs v1.6.0, newer than v1.5.0, the newest version the registry offers");
          case "awaiting approval" ->
              cond(
                  "Ready",
                  "False",
                  "AwaitingApproval",
                  "v1.5.0 awaits approval (runs v1.4.0): kubectl dewy approve myapp v1.5.0");
          case "not approved in time" ->
              cond(
                  "Ready",
                  "False",
                  "NotApproved",
                  "v1.5.0 was not approved within spec.approvalTimeout (1h); nothing was deployed");
          case "rolling back" ->
              cond(
                      "Ready",
                      "False",
                      "RollingBack",
                      "rolling back v1.5.0 to v1.4.0: its rollout failed: deployment"
                          + " \\\"myapp\\\" exceeded its progress deadline (ProgressDeadlineExceeded)")
                  + cond(
                      "Reconciling",
                      "True",
                      "RollingBack",
                      "rolling back v1.5.0 to v1.4.0: its rollout failed: deployment"
                          + " \\\"myapp\\\" exceeded its progress deadline (ProgressDeadlineExceeded)");
          case "rolled back" ->
              cond(
                  "Ready",
                  "False",
                  "RolledBack",
                  "v1.5.0 was rolled back to v1.4.0: its rollout failed: deployment"
                      + " \\\"myapp\\\" exceeded its progress deadline (ProgressDeadlineExceeded);"
                      + " v1.5.0 is not tried again until a newer version appears");
          case "rollback failed" ->
              cond(
                  "Ready",
                  "False",
                  "RollbackFailed",
                  "v1.5.0 failed (its rollout failed: not rolled out within spec.rolloutTimeout"
                      + " (10m0s)), and the rollback to v1.4.0 did not roll out either");
          case "spec changed, not observed yet" ->
              cond("Ready", "True", "UpToDate", "runs v1.4.0, the newest version");
          default -> throw new IllegalArgumentException(state);
        };
    long observed = state.equals("spec changed, not observed yet") ? 2 : 3;
    String yaml =
        """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: myapp, namespace: shop, generation: 3}
        spec: {registry: "img://r.example.com/shop/myapp", target: {name: myapp}}
        """
            + (status.isEmpty()
                ? ""
                : "status:\n  observedGeneration: " + observed + "\n  conditions:\n" + status);
    return YAML.readTree(yaml);
  }

  private static String cond(String type, String status, String reason, String message) {
    return "  - {type: %s, status: \"%s\", reason: %s, message: \"%s\"}\n"
        .formatted(type, status, reason, message);
  }

  /** Runs the script as Argo CD does: {@code obj} global, the chunk's return value is health. */
  private static String[] run(JsonNode resource) throws Exception {
    assertThat(Path.of(LUA))
        .as("lua5.1 is needed (apt-get install lua5.1; .ci/run installs it)")
        .exists();
    Path program = Files.createTempFile("health", ".lua");
    Files.writeString(
        program,
        "obj = "
            + LuaTable.of(resource)
            + "\nlocal hs = assert(loadfile(\""
            + SCRIPT
            + "\"))()\nio.write(hs.status, \"\\t\", hs.message or \"\")\n",
        StandardCharsets.UTF_8);
    Process lua = new ProcessBuilder(LUA, program.toString()).redirectErrorStream(true).start();
    assertThat(lua.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(lua.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Files.delete(program);
    assertThat(lua.exitValue()).as(out).isZero();
    return out.split("\t", 2);
  }
}
