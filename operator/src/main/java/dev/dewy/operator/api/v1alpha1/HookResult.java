package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The latest run of one hook, kept in status after its Job is gone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HookResult {

  @JsonPropertyDescription("The command as configured in spec.hooks.")
  private String command;

  @JsonPropertyDescription("End of the hook's standard output (a few KiB; truncation marked).")
  private String stdout;

  @JsonPropertyDescription("End of the hook's standard error (a few KiB; truncation marked).")
  private String stderr;

  @JsonPropertyDescription("Exit code of the command; absent if it never ran to an exit.")
  private Integer exitCode;

  @JsonPropertyDescription("How long the command ran, as a Go duration such as 2.5s.")
  private String duration;

  @JsonPropertyDescription("When the command started (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription("When the command finished (RFC 3339).")
  private String finishedAt;

  @JsonPropertyDescription("The version the hook ran for.")
  private String version;

  @JsonPropertyDescription("Name of the Job that ran the hook.")
  private String jobName;

  @JsonPropertyDescription("Whether the hook succeeded.")
  private Boolean succeeded;

  @JsonPropertyDescription(
      "Why the hook failed when it is not just its exit code: DeadlineExceeded,"
          + " ImagePullBackOff, BackoffLimitExceeded.")
  private String reason;

  public String getCommand() {
    return command;
  }

  public void setCommand(String command) {
    this.command = command;
  }

  public String getStdout() {
    return stdout;
  }

  public void setStdout(String stdout) {
    this.stdout = stdout;
  }

  public String getStderr() {
    return stderr;
  }

  public void setStderr(String stderr) {
    this.stderr = stderr;
  }

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

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
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
