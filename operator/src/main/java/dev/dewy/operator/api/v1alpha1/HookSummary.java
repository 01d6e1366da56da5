package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A hook run as remembered in history: enough to see what happened, without the output. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HookSummary {

  @JsonPropertyDescription("Exit code of the command; absent if it never ran to an exit.")
  private Integer exitCode;

  @JsonPropertyDescription("How long the command ran, as a Go duration.")
  private String duration;

  @JsonPropertyDescription("Whether the hook succeeded.")
  private Boolean succeeded;

  @JsonPropertyDescription("Why it failed, when not just its exit code (e.g. DeadlineExceeded).")
  private String reason;

  public Integer getExitCode() {
    return exitCode;
  }

  public void setExitCode(Integer exitCode) {
    this.exitCode = exitCode;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public Boolean getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Boolean succeeded) {
    this.succeeded = succeeded;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }
}
