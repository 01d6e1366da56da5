package dev.dewy.operator.deploy;

/** Label keys Dewy puts on what it creates, and the rule that turns any string into a value. */
public final class Labels {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "dewy-operator";
  public static final String DEPLOYMENT = "dewy.dev/deployment";
  public static final String HOOK = "dewy.dev/hook";
  public static final String VERSION = "dewy.dev/version";
  public static final String ATTEMPT = "dewy.dev/attempt";

  /**
   * On a target workload: it is claimed by a DewyDeployment, so the operator's informers, which
   * select on this label, hold it (and only the workloads that are targets).
   */
  public static final String TARGET = "dewy.dev/target";

  /**
   * On a DewyDeployment, an annotation: setting it to a new value starts the next attempt at a
   * failed version now instead of after its back-off ({@code kubectl annotate dd web
   * dewy.dev/retry="$(date +%s)" --overwrite}).
   */
  public static final String RETRY = "dewy.dev/retry";

  /**
   * On a DewyDeployment, an annotation: a new value ends a hold after a manual change, accepting
   * what the workload runs, and deploys resume ({@code kubectl annotate dd web
   * dewy.dev/resume="$(date +%s)" --overwrite}). The value acted on is kept in
   * status.acknowledgedResume rather than the annotation removed, so the operator writes nothing
   * but status, and a value kept in git resumes once, not at every sync.
   */
  public static final String RESUME = "dewy.dev/resume";

  /**
   * On a DewyDeployment, an annotation: the version approved to deploy (spec.approval: manual). Set
   * to the version that awaits approval, it starts that attempt; set to any other, it is refused
   * with a Warning event. The value acted on is kept in status.acknowledgedApproval, so a value
   * kept in git is acted on once.
   */
  public static final String APPROVE = "dewy.dev/approve";

  /** On a target workload, an annotation: the name of the DewyDeployment that claimed it. */
  public static final String OWNER = "dewy.dev/deployment";

  private static final int MAX_VALUE = 63;

  private Labels() {}

  /**
   * A valid label value that reads like {@code raw}: characters outside {@code [A-Za-z0-9_.-]}
   * become {@code _} (so {@code v1.0.0+build.5} becomes {@code v1.0.0_build.5}), at most 63
   * characters, alphanumeric at both ends. The raw text is kept in an annotation where it matters.
   */
  public static String value(String raw) {
    if (raw == null) {
      return "";
    }
    String value = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (value.length() > MAX_VALUE) {
      value = value.substring(0, MAX_VALUE);
    }
    return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
