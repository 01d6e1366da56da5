package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The tag the workload runs now names other content than the digest deployed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagRepush {

  @JsonPropertyDescription("The tag the workload runs.")
  private String tag;

  @JsonPropertyDescription("The digest the workload's template is pinned to (what was deployed).")
  private String deployedDigest;

  @JsonPropertyDescription("The digest the registry names for the tag now.")
  private String registryDigest;

  @JsonPropertyDescription("When dewy-operator first saw the registry's digest (RFC 3339).")
  private String detectedAt;

  public String getTag() {
    return tag;
  }

  public void setTag(String tag) {
    this.tag = tag;
  }

  public String getDeployedDigest() {
    return deployedDigest;
  }

  public void setDeployedDigest(String deployedDigest) {
    this.deployedDigest = deployedDigest;
  }

  public String getRegistryDigest() {
    return registryDigest;
  }

  public void setRegistryDigest(String registryDigest) {
    this.registryDigest = registryDigest;
  }

  public String getDetectedAt() {
    return detectedAt;
  }

  public void setDetectedAt(String detectedAt) {
    this.detectedAt = detectedAt;
  }
}
