package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** status.history: finished attempts, newest first, never longer than spec.historyLimit. */
public final class History {
  /** The limit when spec.historyLimit is unset. */
  public static final int DEFAULT_LIMIT = 10;

  private History() {}

  /** {@code history} with {@code entry} in front, cut to {@code limit} (null: the default). */
  public static List<HistoryEntry> record(
      List<HistoryEntry> history, HistoryEntry entry, Integer limit) {
    int max = limit == null ? DEFAULT_LIMIT : Math.max(0, limit);
    List<HistoryEntry> next = new ArrayList<>();
    next.add(entry);
    if (history != null) {
      next.addAll(history);
    }
    return new ArrayList<>(next.subList(0, Math.min(max, next.size())));
  }

  /** When the newest successful deploy in {@code history} (newest first) finished, if any. */
  public static Optional<Instant> lastSucceeded(List<HistoryEntry> history) {
    if (history == null) {
      return Optional.empty();
    }
    return history.stream()
        .filter(e -> e.getResult() == DeployResult.Succeeded && e.getFinishedAt() != null)
        .findFirst()
        .map(e -> Instant.parse(e.getFinishedAt()));
  }

  /**
   * What an attempt starts from when the template runs {@code current}: that version, unless the
   * newest entry is a failed rollout of it, whose pods never all ran; then what that attempt
   * started from.
   */
  public static String startingPoint(List<HistoryEntry> history, String current) {
    if (history == null || history.isEmpty() || current == null) {
      return current;
    }
    HistoryEntry last = history.get(0);
    return last.getResult() == DeployResult.Failed && current.equals(last.getVersion())
        ? last.getPreviousVersion()
        : current;
  }

  /**
   * The entry for an attempt that ended at {@code finishedAt}; {@code before} and {@code after} are
   * the hook results of this attempt, or null when that hook did not run.
   */
  public static HistoryEntry entry(
      RolloutState attempt,
      DeployResult result,
      String message,
      Instant finishedAt,
      HookResult before,
      HookResult after) {
    HistoryEntry entry = new HistoryEntry();
    entry.setVersion(attempt.getVersion());
    entry.setPreviousVersion(attempt.getPreviousVersion());
    entry.setDigest(attempt.getDigest());
    entry.setResult(result);
    entry.setMessage(message);
    entry.setStartedAt(attempt.getStartedAt());
    entry.setFinishedAt(finishedAt.truncatedTo(ChronoUnit.SECONDS).toString());
    entry.setBeforeDeploy(before == null ? null : HookResults.summary(before));
    entry.setAfterDeploy(after == null ? null : HookResults.summary(after));
    return entry;
  }
}
