package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did; the state machine's only memory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DewyDeploymentStatus {

  @JsonPropertyDescription("The metadata.generation of the spec this status reflects.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Idle, RunningBeforeHook, Updating, RunningAfterHook, or Failed (the last attempt failed).")
  private Phase phase;

  @JsonPropertyDescription("The version the workload runs now.")
  private String currentVersion;

  @JsonPropertyDescription("The newest version the registry offers under the policy.")
  private String latestVersion;

  @JsonPropertyDescription("When the registry was last polled (RFC 3339).")
  private String lastCheckedAt;

  @JsonPropertyDescription("Ready, Reconciling (a rollout is in progress) and Stalled (bad spec).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("The latest run of each hook, with its output.")
  private HooksStatus hooks;

  @JsonPropertyDescription("The attempt in progress, if any.")
  private RolloutState rollout;

  @JsonPropertyDescription("Back-off after failed attempts at a version.")
  private RetryState retry;

  @JsonPropertyDescription("Finished attempts, newest first, at most spec.historyLimit.")
  private List<HistoryEntry> history = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getCurrentVersion() {
    return currentVersion;
  }

  public void setCurrentVersion(String currentVersion) {
    this.currentVersion = currentVersion;
  }

  public String getLatestVersion() {
    return latestVersion;
  }

  public void setLatestVersion(String latestVersion) {
    this.latestVersion = latestVersion;
  }

  public String getLastCheckedAt() {
    return lastCheckedAt;
  }

  public void setLastCheckedAt(String lastCheckedAt) {
    this.lastCheckedAt = lastCheckedAt;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public HooksStatus getHooks() {
    return hooks;
  }

  public void setHooks(HooksStatus hooks) {
    this.hooks = hooks;
  }

  public RolloutState getRollout() {
    return rollout;
  }

  public void setRollout(RolloutState rollout) {
    this.rollout = rollout;
  }

  public RetryState getRetry() {
    return retry;
  }

  public void setRetry(RetryState retry) {
    this.retry = retry;
  }

  public List<HistoryEntry> getHistory() {
    return history;
  }

  public void setHistory(List<HistoryEntry> history) {
    this.history = history;
  }
}
