package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Job conditions a 1.31+ Job controller writes, as plain functions on condition lists. */
final class JobConditions {

  private JobConditions() {}

  /** Adds SuccessCriteriaMet and Complete, both with {@code reason}. */
  static List<JobCondition> succeeded(
      List<JobCondition> existing, String reason, String message, String time) {
    return withTerminal(existing, "SuccessCriteriaMet", "Complete", reason, message, time);
  }

  /** Adds FailureTarget and Failed, both with {@code reason}. */
  static List<JobCondition> failed(
      List<JobCondition> existing, String reason, String message, String time) {
    return withTerminal(existing, "FailureTarget", "Failed", reason, message, time);
  }

  /** Suspended set as the Job's spec says; untouched for a Job that was never suspended. */
  static List<JobCondition> suspension(
      List<JobCondition> existing, boolean suspended, String time) {
    List<JobCondition> conditions = copy(existing);
    var current = conditions.stream().filter(c -> "Suspended".equals(c.getType())).findFirst();
    String wanted = suspended ? "True" : "False";
    if (current.isEmpty() && !suspended
        || current.isPresent() && wanted.equals(current.get().getStatus())) {
      return conditions;
    }
    current.ifPresent(conditions::remove);
    conditions.add(
        suspended
            ? condition("Suspended", "True", "JobSuspended", "Job suspended", time)
            : condition("Suspended", "False", "JobResumed", "Job resumed", time));
    return conditions;
  }

  /** When the Job reached Complete or Failed, if it has. */
  static Optional<Instant> finishedAt(JobStatus status) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
        .map(c -> Instant.parse(c.getLastTransitionTime()))
        .findFirst();
  }

  private static List<JobCondition> withTerminal(
      List<JobCondition> existing,
      String interimType,
      String type,
      String reason,
      String message,
      String time) {
    List<JobCondition> conditions = copy(existing);
    conditions.add(condition(interimType, "True", reason, message, time));
    conditions.add(condition(type, "True", reason, message, time));
    return conditions;
  }

  private static List<JobCondition> copy(List<JobCondition> conditions) {
    return new ArrayList<>(conditions == null ? List.of() : conditions);
  }

  private static JobCondition condition(
      String type, String status, String reason, String message, String time) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(time)
        .withLastTransitionTime(time)
        .build();
  }
}
