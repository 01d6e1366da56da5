package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/** One hook: a shell command run in a Job that inherits the workload's pod environment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HookSpec {

  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "Shell command, run as /bin/sh -c \"<command>\". The version being deployed is in the"
          + " environment as DEWY_VERSION (also DEWY_PREVIOUS_VERSION, DEWY_HOOK,"
          + " DEWY_DEPLOYMENT, DEWY_REGISTRY), never substituted into the command.")
  private String command;

  @JsonPropertyDescription(
      "Image the hook runs in. Default: the target container's image at the new version.")
  private String image;

  @Default("10m")
  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long the hook may run, as a Go duration (becomes the Job's activeDeadlineSeconds)."
          + " Default 10m.")
  private String timeout = "10m";

  @Default("0")
  @Min(0)
  @Max(10)
  @JsonPropertyDescription(
      "How many times a failed hook is retried within one attempt (the Job's backoffLimit)."
          + " Default 0.")
  private Integer retries = 0;

  @JsonPropertyDescription(
      "afterDeploy only: when true, a failed after-deploy hook restores the previous version, as a"
          + " failed rollout does under spec.rollback: auto (whatever spec.rollback says), and the"
          + " deploy counts as RolledBack. Default false: the failure is reported and the deploy"
          + " stands, as in Dewy.")
  private Boolean rollbackOnFailure;

  @JsonPropertyDescription(
      "Extra environment variables, added to those inherited from the target container.")
  private List<EnvVar> env = new ArrayList<>();

  public Boolean getRollbackOnFailure() {
    return rollbackOnFailure;
  }

  public void setRollbackOnFailure(Boolean rollbackOnFailure) {
    this.rollbackOnFailure = rollbackOnFailure;
  }

  public String getCommand() {
    return command;
  }

  public void setCommand(String command) {
    this.command = command;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getRetries() {
    return retries;
  }

  public void setRetries(Integer retries) {
    this.retries = retries;
  }

  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }
}
