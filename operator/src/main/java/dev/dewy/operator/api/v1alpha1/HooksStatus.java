package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The latest result of each hook. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HooksStatus {

  @JsonPropertyDescription("Latest run of the before-deploy hook.")
  private HookResult beforeDeploy;

  @JsonPropertyDescription("Latest run of the after-deploy hook.")
  private HookResult afterDeploy;

  public HookResult getBeforeDeploy() {
    return beforeDeploy;
  }

  public void setBeforeDeploy(HookResult beforeDeploy) {
    this.beforeDeploy = beforeDeploy;
  }

  public HookResult getAfterDeploy() {
    return afterDeploy;
  }

  public void setAfterDeploy(HookResult afterDeploy) {
    this.afterDeploy = afterDeploy;
  }
}
