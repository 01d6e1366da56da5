package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A change of the target container's image that dewy-operator did not make, as it was found: what
 * the template runs now, and who set it according to the workload's managedFields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManualChange {

  @JsonPropertyDescription("The version (image tag) the workload's template runs now.")
  private String version;

  @JsonPropertyDescription("The target container's image as the template has it.")
  private String image;

  @JsonPropertyDescription(
      "The field manager that owns the container's image in the workload's managedFields, such"
          + " as kubectl-set or kubectl-rollout; empty when kube-apiserver recorded none.")
  private String manager;

  @JsonPropertyDescription(
      "When that manager last wrote the image, as managedFields say (RFC 3339).")
  private String changedAt;

  @JsonPropertyDescription("When dewy-operator noticed the change (RFC 3339).")
  private String detectedAt;

  @JsonPropertyDescription(
      "True while deploys are held because of this change (spec.onManualChange: hold and a"
          + " version older than status.deployedVersion).")
  private Boolean held;

  @JsonPropertyDescription(
      "spec.version when the change was noticed; setting spec.version to another version ends"
          + " the hold.")
  private String specVersion;

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getManager() {
    return manager;
  }

  public void setManager(String manager) {
    this.manager = manager;
  }

  public String getChangedAt() {
    return changedAt;
  }

  public void setChangedAt(String changedAt) {
    this.changedAt = changedAt;
  }

  public String getDetectedAt() {
    return detectedAt;
  }

  public void setDetectedAt(String detectedAt) {
    this.detectedAt = detectedAt;
  }

  public Boolean getHeld() {
    return held;
  }

  public void setHeld(Boolean held) {
    this.held = held;
  }

  public String getSpecVersion() {
    return specVersion;
  }

  public void setSpecVersion(String specVersion) {
    this.specVersion = specVersion;
  }
}
