package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The status conditions, kept the Flux way: {@code Ready}, {@code Reconciling} and {@code Stalled};
 * {@code lastTransitionTime} moves only when a condition's status flips, so it tells how long the
 * resource has been (un)ready, not when the message last changed.
 */
public final class Conditions {
  /** True when the workload runs the newest allowed version and nothing is failing. */
  public static final String READY = "Ready";

  /** True while a deploy is in progress. */
  public static final String RECONCILING = "Reconciling";

  /** True when the spec is wrong and retrying will not help. */
  public static final String STALLED = "Stalled";

  /**
   * True while the target container's image was set by someone other than dewy-operator to another
   * version than it deployed; absent otherwise, like Stalled.
   */
  public static final String DRIFTED = "Drifted";

  /**
   * False while spec.notifier or spec.notifierSecret keeps notifications from being sent; absent
   * when the channel works or none is set. Deploys go on either way.
   */
  public static final String NOTIFIER_READY = "NotifierReady";

  /**
   * True while the tag the workload runs names other content in the registry than the digest its
   * template is pinned to (status.tagRepush); absent otherwise.
   */
  public static final String TAG_REPUSHED = "TagRepushed";

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  /**
   * Sets the condition of {@code type} in {@code conditions} (in place), keeping its
   * lastTransitionTime unless {@code status} differs from before.
   */
  public static void set(
      List<Condition> conditions,
      String type,
      String status,
      String reason,
      String message,
      Long generation,
      Instant now) {
    Optional<Condition> existing = find(conditions, type);
    Condition condition = existing.orElseGet(Condition::new);
    if (existing.isEmpty() || !status.equals(condition.getStatus())) {
      condition.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setObservedGeneration(generation);
    if (existing.isEmpty()) {
      conditions.add(condition);
    }
  }

  /** Removes the condition of {@code type}, as Flux does with Reconciling and Stalled when over. */
  public static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }

  /** The condition of {@code type}, if present. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
