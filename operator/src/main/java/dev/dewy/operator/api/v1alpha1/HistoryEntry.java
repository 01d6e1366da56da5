package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One finished deploy attempt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistoryEntry {

  @JsonPropertyDescription("The version the attempt deployed.")
  private String version;

  @JsonPropertyDescription("The version the workload ran before the attempt.")
  private String previousVersion;

  @JsonPropertyDescription(
      "The manifest digest the attempt deployed (img:// registries), as in the image repo:tag@digest.")
  private String digest;

  @JsonPropertyDescription(
      "Succeeded, Aborted (before-deploy hook failed), Failed (rollout), RolledBack (the rollout"
          + " or, with rollbackOnFailure, the after-deploy hook failed and previousVersion was"
          + " restored), Interrupted (someone else changed the image during the rollout) or"
          + " NotApproved (not approved within spec.approvalTimeout).")
  private DeployResult result;

  @JsonPropertyDescription("Why the attempt ended as it did.")
  private String message;

  @JsonPropertyDescription("When the attempt started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the attempt finished (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("The before-deploy hook's run, if one ran.")
  private HookSummary beforeDeploy;

  @JsonPropertyDescription("The after-deploy hook's run, if one ran.")
  private HookSummary afterDeploy;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getPreviousVersion() {
    return previousVersion;
  }

  public void setPreviousVersion(String previousVersion) {
    this.previousVersion = previousVersion;
  }

  public DeployResult getResult() {
    return result;
  }

  public void setResult(DeployResult result) {
    this.result = result;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }

  public HookSummary getBeforeDeploy() {
    return beforeDeploy;
  }

  public void setBeforeDeploy(HookSummary beforeDeploy) {
    this.beforeDeploy = beforeDeploy;
  }

  public HookSummary getAfterDeploy() {
    return afterDeploy;
  }

  public void setAfterDeploy(HookSummary afterDeploy) {
    this.afterDeploy = afterDeploy;
  }
}
