package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookSpec;
import dev.dewy.operator.api.v1alpha1.HooksSpec;
import java.util.Optional;

/** The two hooks, with the names each is known by in labels, Job names, env and the spec. */
public enum HookKind {
  BEFORE_DEPLOY("before-deploy", "beforeDeploy"),
  AFTER_DEPLOY("after-deploy", "afterDeploy");

  private final String label;
  private final String field;

  HookKind(String label, String field) {
    this.label = label;
    this.field = field;
  }

  /** {@code before-deploy}: the {@code dewy.dev/hook} label, DEWY_HOOK and the Job name part. */
  public String label() {
    return label;
  }

  /** {@code spec.hooks.beforeDeploy}: where error messages point. */
  public String specPath() {
    return "spec.hooks." + field;
  }

  /** The hook as configured, if it is. */
  public Optional<HookSpec> spec(DewyDeployment dd) {
    HooksSpec hooks = dd.getSpec() == null ? null : dd.getSpec().getHooks();
    if (hooks == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        this == BEFORE_DEPLOY ? hooks.getBeforeDeploy() : hooks.getAfterDeploy());
  }
}
