package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Back-off after failed attempts at one version; a newer version clears it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetryState {

  @JsonPropertyDescription("The version whose attempts failed.")
  private String version;

  @JsonPropertyDescription("How many attempts at this version have failed.")
  private Integer failures;

  @JsonPropertyDescription("No new attempt at this version starts before this time (RFC 3339).")
  private String notBefore;

  @JsonPropertyDescription(
      "The value of the annotation dewy.dev/retry when this back-off began; a new value starts"
          + " the next attempt at once.")
  private String acknowledgedRequest;

  @JsonPropertyDescription(
      "Set when the last attempt at this version was rolled back: it is not tried again until a"
          + " newer version appears or the annotation dewy.dev/retry gets a new value.")
  private Boolean rolledBack;

  public Boolean getRolledBack() {
    return rolledBack;
  }

  public void setRolledBack(Boolean rolledBack) {
    this.rolledBack = rolledBack;
  }

  public String getAcknowledgedRequest() {
    return acknowledgedRequest;
  }

  public void setAcknowledgedRequest(String acknowledgedRequest) {
    this.acknowledgedRequest = acknowledgedRequest;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public Integer getFailures() {
    return failures;
  }

  public void setFailures(Integer failures) {
    this.failures = failures;
  }

  public String getNotBefore() {
    return notBefore;
  }

  public void setNotBefore(String notBefore) {
    this.notBefore = notBefore;
  }
}
