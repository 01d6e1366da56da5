package dev.dewy.operator.api.v1alpha1;

/**
 * The rules of a spec that OpenAPI cannot say and the CRD states as CEL ({@code
 * x-kubernetes-validations}), so kube-apiserver refuses such a spec at once; the operator checks
 * the same where no API server does (the sandbox), with the same words.
 */
public final class SpecRules {
  /** target.volume belongs to artifact registries only. */
  public static final String VOLUME_NEEDS_ARTIFACT_REGISTRY_RULE =
      "!has(self.target.volume) || self.target.volume == '' || !self.registry.startsWith('img://')";

  public static final String VOLUME_NEEDS_ARTIFACT_REGISTRY =
      "is for artifact registries (ghr://, s3://, gs://, grpc://), whose release is unpacked into"
          + " that volume; an img:// registry updates the container image instead: remove"
          + " target.volume, or use an artifact registry";

  /** notifierSecret only makes sense beside a notifier. */
  public static final String SECRET_NEEDS_NOTIFIER_RULE =
      "!has(self.notifierSecret) || self.notifierSecret == '' || has(self.notifier)";

  public static final String SECRET_NEEDS_NOTIFIER =
      "names the Secret of spec.notifier, which is not set: set notifier, or remove"
          + " notifierSecret";

  /** approvalTimeout bounds a manual approval, so it needs approval: manual. */
  public static final String TIMEOUT_NEEDS_MANUAL_APPROVAL_RULE =
      "!has(self.approvalTimeout) || self.approvalTimeout == '' || (has(self.approval) &&"
          + " self.approval == 'manual')";

  public static final String TIMEOUT_NEEDS_MANUAL_APPROVAL =
      "bounds how long a version waits for approval, and spec.approval is not manual: set"
          + " approval: manual, or remove approvalTimeout";

  /** A failed before-deploy hook changed nothing, so it has nothing to roll back. */
  public static final String ROLLBACK_ON_FAILURE_AFTER_ONLY_RULE =
      "!has(self.beforeDeploy) || !has(self.beforeDeploy.rollbackOnFailure) ||"
          + " !self.beforeDeploy.rollbackOnFailure";

  public static final String ROLLBACK_ON_FAILURE_AFTER_ONLY =
      "is for the after-deploy hook: a failed before-deploy hook aborts the deploy with the"
          + " workload untouched, so there is nothing to roll back; move rollbackOnFailure to"
          + " hooks.afterDeploy, or remove it";

  /** The longest tag filter expression (which also bounds the CEL rule's cost). */
  public static final int TAG_FILTER_MAX = 256;

  /**
   * A tag filter is an RE2 expression. CEL has no "is a regex" test, but matches() with an
   * expression that does not compile is an error, and an error on both sides of || is an error,
   * which kube-apiserver reports with RE2's own words and refuses the object.
   */
  public static final String REGEX_COMPILES_RULE = "''.matches(self) || !''.matches(self)";

  public static final String REGEX_COMPILES =
      "must be an RE2 regular expression (Go's syntax), such as ^v1\\.[0-9]+$";

  private SpecRules() {}
}
