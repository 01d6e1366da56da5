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
      "Idle, AwaitingApproval (spec.approval: manual), RunningBeforeHook, Updating,"
          + " RunningAfterHook, RollingBack (restoring the previous version after a failure), or"
          + " Failed (the last attempt failed).")
  private Phase phase;

  @JsonPropertyDescription(
      "The version the workload's template runs: the target container's image tag, whoever set"
          + " it. During a deploy it stays the version that ran before, until the deploy ends.")
  private String currentVersion;

  @JsonPropertyDescription(
      "img:// only: the manifest digest the template's image is pinned to (repo:tag@digest), as"
          + " the registry named it for currentVersion when it was deployed; absent for an image"
          + " without a digest.")
  private String currentDigest;

  @JsonPropertyDescription(
      "The version dewy-operator last set in the workload's template (a failed rollout"
          + " included), or the one it found there first: a template that runs another version was"
          + " changed by someone else (condition Drifted).")
  private String deployedVersion;

  @JsonPropertyDescription(
      "Where status.deployedVersion runs: image (the target container's image) or volume:NAME"
          + " (the fetch init container of spec.target.volume). After a switch between the two,"
          + " the version found in the new place is the start, so the switch is no manual change.")
  private String deployedInto;

  @JsonPropertyDescription(
      "Present while the template runs another version than status.deployedVersion: what it"
          + " runs, and who set it.")
  private ManualChange manualChange;

  @JsonPropertyDescription(
      "Present while the tag the workload runs names other content in the registry than the"
          + " digest in the template (the tag was pushed again); see spec.onTagRepush.")
  private TagRepush tagRepush;

  @JsonPropertyDescription(
      "The value of the annotation dewy.dev/resume last acted on; a new value ends a hold after"
          + " a manual change.")
  private String acknowledgedResume;

  @JsonPropertyDescription(
      "The value of the annotation dewy.dev/approve last acted on (approved or refused); the"
          + " same value is not acted on twice.")
  private String acknowledgedApproval;

  @JsonPropertyDescription("The newest version the registry offers under the policy.")
  private String latestVersion;

  @JsonPropertyDescription("When the registry was last polled (RFC 3339).")
  private String lastCheckedAt;

  @JsonPropertyDescription(
      "Ready, Reconciling (a rollout is in progress), Stalled (bad spec), Drifted (the"
          + " template was changed by someone else), TagRepushed (the tag it runs names new"
          + " content) and NotifierReady.")
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

  public String getCurrentDigest() {
    return currentDigest;
  }

  public void setCurrentDigest(String currentDigest) {
    this.currentDigest = currentDigest;
  }

  public TagRepush getTagRepush() {
    return tagRepush;
  }

  public void setTagRepush(TagRepush tagRepush) {
    this.tagRepush = tagRepush;
  }

  public String getDeployedVersion() {
    return deployedVersion;
  }

  public void setDeployedVersion(String deployedVersion) {
    this.deployedVersion = deployedVersion;
  }

  public String getDeployedInto() {
    return deployedInto;
  }

  public void setDeployedInto(String deployedInto) {
    this.deployedInto = deployedInto;
  }

  public ManualChange getManualChange() {
    return manualChange;
  }

  public void setManualChange(ManualChange manualChange) {
    this.manualChange = manualChange;
  }

  public String getAcknowledgedResume() {
    return acknowledgedResume;
  }

  public void setAcknowledgedResume(String acknowledgedResume) {
    this.acknowledgedResume = acknowledgedResume;
  }

  public String getAcknowledgedApproval() {
    return acknowledgedApproval;
  }

  public void setAcknowledgedApproval(String acknowledgedApproval) {
    this.acknowledgedApproval = acknowledgedApproval;
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
