package dev.dewy.operator.cli;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HookSummary;
import dev.dewy.operator.deploy.GoDuration;
import dev.dewy.sandbox.api.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** What the plugin prints, from DewyDeployments as read: no API calls, so tests can render. */
final class Views {
  private Views() {}

  /** {@code kubectl dewy status}: one row per resource; with one name, its conditions below. */
  static String status(List<DewyDeployment> resources, boolean withNamespace, Instant now) {
    Table table =
        withNamespace
            ? new Table("NAMESPACE", "NAME", "READY", "REASON", "CURRENT", "LATEST", "PHASE", "AGE")
            : new Table("NAME", "READY", "REASON", "CURRENT", "LATEST", "PHASE", "AGE");
    for (DewyDeployment resource : resources) {
      DewyDeploymentStatus status = status(resource);
      Optional<Condition> ready = condition(status, "Ready");
      String[] cells = {
        resource.getMetadata().getName(),
        ready.map(Condition::getStatus).orElse("Unknown"),
        ready.map(Condition::getReason).orElse(null),
        status.getCurrentVersion(),
        status.getLatestVersion(),
        status.getPhase() == null ? null : status.getPhase().name(),
        age(resource.getMetadata().getCreationTimestamp(), now)
      };
      if (withNamespace) {
        String[] withNs = new String[cells.length + 1];
        withNs[0] = resource.getMetadata().getNamespace();
        System.arraycopy(cells, 0, withNs, 1, cells.length);
        cells = withNs;
      }
      table.row(cells);
    }
    return table.render();
  }

  /** The conditions of one resource, one line each: what {@code status NAME} adds. */
  static String conditions(DewyDeployment resource) {
    StringBuilder out = new StringBuilder();
    for (Condition condition : status(resource).getConditions()) {
      out.append(condition.getType())
          .append('=')
          .append(condition.getStatus())
          .append(condition.getReason() == null ? "" : " " + condition.getReason());
      if (condition.getMessage() != null && !condition.getMessage().isBlank()) {
        out.append(": ").append(condition.getMessage().strip().replace('\n', ' '));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code kubectl dewy history NAME}: status.history, newest first, as the operator keeps it. */
  static String history(DewyDeployment resource, Instant now) {
    Table table =
        new Table(
            "VERSION", "PREVIOUS", "RESULT", "BEFORE", "AFTER", "TOOK", "FINISHED", "MESSAGE");
    for (HistoryEntry entry : status(resource).getHistory()) {
      table.row(
          entry.getVersion(),
          entry.getPreviousVersion(),
          entry.getResult() == null ? null : entry.getResult().name(),
          hook(entry.getBeforeDeploy()),
          hook(entry.getAfterDeploy()),
          took(entry.getStartedAt(), entry.getFinishedAt()),
          entry.getFinishedAt() == null ? null : age(entry.getFinishedAt(), now) + " ago",
          entry.getMessage());
    }
    return table.render();
  }

  /**
   * {@code kubectl dewy logs NAME}: a recorded hook run, its command, stdout and stderr, as the
   * operator kept them in status after the Job and its pod are gone.
   */
  static String hookLog(String field, HookResult hook) {
    StringBuilder out = new StringBuilder("==> ").append(field).append(" hook");
    if (hook.getVersion() != null) {
      out.append(" for ").append(hook.getVersion());
    }
    if (hook.getJobName() != null) {
      out.append(", Job ").append(hook.getJobName());
    }
    out.append(": ").append(outcome(hook)).append(" <==\n");
    if (hook.getCommand() != null) {
      out.append("$ ").append(hook.getCommand().strip()).append('\n');
    }
    appendBlock(out, hook.getStdout());
    if (hook.getStderr() != null && !hook.getStderr().isEmpty()) {
      out.append("--- stderr ---\n");
      appendBlock(out, hook.getStderr());
    }
    return out.toString();
  }

  private static void appendBlock(StringBuilder out, String text) {
    if (text == null || text.isEmpty()) {
      return;
    }
    out.append(text);
    if (!text.endsWith("\n")) {
      out.append('\n');
    }
  }

  private static String outcome(HookResult hook) {
    String result;
    if (hook.getExitCode() != null) {
      result = "exit code " + hook.getExitCode();
      if (hook.getReason() != null) {
        result += " (" + hook.getReason() + ")";
      }
    } else if (hook.getReason() != null) {
      result = hook.getReason();
    } else {
      result = hook.getFinishedAt() == null ? "running" : "no exit code";
    }
    return hook.getDuration() == null ? result : result + " after " + hook.getDuration();
  }

  private static String hook(HookSummary summary) {
    if (summary == null) {
      return "-";
    }
    if (summary.getExitCode() != null) {
      return "exit " + summary.getExitCode();
    }
    return summary.getReason() == null ? "-" : summary.getReason();
  }

  private static String took(String startedAt, String finishedAt) {
    Optional<Instant> start = instant(startedAt);
    Optional<Instant> end = instant(finishedAt);
    if (start.isEmpty() || end.isEmpty()) {
      return null;
    }
    return GoDuration.format(
        Duration.ofSeconds(Duration.between(start.get(), end.get()).toSeconds()));
  }

  static String age(String timestamp, Instant now) {
    return instant(timestamp).map(t -> HumanDuration.format(Duration.between(t, now))).orElse(null);
  }

  private static Optional<Instant> instant(String timestamp) {
    if (timestamp == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static DewyDeploymentStatus status(DewyDeployment resource) {
    return resource.getStatus() == null ? new DewyDeploymentStatus() : resource.getStatus();
  }

  private static Optional<Condition> condition(DewyDeploymentStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
