package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** The two hooks of a deploy, both optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = SpecRules.ROLLBACK_ON_FAILURE_AFTER_ONLY_RULE,
    message = SpecRules.ROLLBACK_ON_FAILURE_AFTER_ONLY,
    fieldPath = ".beforeDeploy.rollbackOnFailure")
public class HooksSpec {

  @JsonPropertyDescription(
      "Runs as a Job before the workload is touched. If it fails (non-zero exit, timeout,"
          + " image that cannot be pulled) the deploy is aborted and retried on a later poll.")
  private HookSpec beforeDeploy;

  @JsonPropertyDescription(
      "Runs as a Job after the rollout completes. A failure is reported, but the deploy still"
          + " counts as successful.")
  private HookSpec afterDeploy;

  public HookSpec getBeforeDeploy() {
    return beforeDeploy;
  }

  public void setBeforeDeploy(HookSpec beforeDeploy) {
    this.beforeDeploy = beforeDeploy;
  }

  public HookSpec getAfterDeploy() {
    return afterDeploy;
  }

  public void setAfterDeploy(HookSpec afterDeploy) {
    this.afterDeploy = afterDeploy;
  }
}
