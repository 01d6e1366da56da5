package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The attempt in progress, written before each step acts so that a restarted operator resumes it
 * instead of starting again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutState {

  @JsonPropertyDescription("The version being deployed.")
  private String version;

  @JsonPropertyDescription("The version the workload ran when the attempt started.")
  private String previousVersion;

  @JsonPropertyDescription(
      "Attempt number for this version, starting at 1; part of the hook Job names.")
  private Integer attempt;

  @JsonPropertyDescription("When the attempt started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription(
      "What approved this attempt (spec.approval: manual): the annotation dewy.dev/approve, with"
          + " the field manager that set it.")
  private String approvedBy;

  @JsonPropertyDescription("When the attempt was approved (RFC 3339).")
  private String approvedAt;

  @JsonPropertyDescription("The image the target container is set to (img:// registries).")
  private String image;

  @JsonPropertyDescription(
      "The manifest digest the version's tag named when the attempt started (img:// registries);"
          + " the image is pinned to it.")
  private String digest;

  @JsonPropertyDescription(
      "Set when the attempt deploys a re-pushed tag again (spec.onTagRepush: redeploy): the"
          + " digest it replaces.")
  private String replacesDigest;

  @JsonPropertyDescription(
      "The target container's image when the attempt started: what a rollback restores (img://"
          + " registries).")
  private String previousImage;

  @JsonPropertyDescription(
      "The artifact version the fetch init container had when the attempt started: what a"
          + " rollback restores (volume deploys; absent when there was none).")
  private String previousArtifact;

  @JsonPropertyDescription(
      "When the workload was updated (RFC 3339): spec.rolloutTimeout counts from here; during a"
          + " rollback, when the previous version was restored.")
  private String updatedAt;

  @JsonPropertyDescription("Set while rolling back: why the attempt's version failed.")
  private String failure;

  public String getPreviousImage() {
    return previousImage;
  }

  public void setPreviousImage(String previousImage) {
    this.previousImage = previousImage;
  }

  public String getPreviousArtifact() {
    return previousArtifact;
  }

  public void setPreviousArtifact(String previousArtifact) {
    this.previousArtifact = previousArtifact;
  }

  public String getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(String updatedAt) {
    this.updatedAt = updatedAt;
  }

  public String getFailure() {
    return failure;
  }

  public void setFailure(String failure) {
    this.failure = failure;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getPreviousVersion() {
    return previousVersion;
  }

  public void setPreviousVersion(String previousVersion) {
    this.previousVersion = previousVersion;
  }

  public Integer getAttempt() {
    return attempt;
  }

  public void setAttempt(Integer attempt) {
    this.attempt = attempt;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getReplacesDigest() {
    return replacesDigest;
  }

  public void setReplacesDigest(String replacesDigest) {
    this.replacesDigest = replacesDigest;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getApprovedBy() {
    return approvedBy;
  }

  public void setApprovedBy(String approvedBy) {
    this.approvedBy = approvedBy;
  }

  public String getApprovedAt() {
    return approvedAt;
  }

  public void setApprovedAt(String approvedAt) {
    this.approvedAt = approvedAt;
  }
}
