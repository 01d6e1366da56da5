package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What to deploy, from where, into which workload, and which hooks guard it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = SpecRules.VOLUME_NEEDS_ARTIFACT_REGISTRY_RULE,
    message = SpecRules.VOLUME_NEEDS_ARTIFACT_REGISTRY,
    fieldPath = ".target.volume")
@ValidationRule(
    value = SpecRules.SECRET_NEEDS_NOTIFIER_RULE,
    message = SpecRules.SECRET_NEEDS_NOTIFIER,
    fieldPath = ".notifierSecret")
@ValidationRule(
    value = SpecRules.TIMEOUT_NEEDS_MANUAL_APPROVAL_RULE,
    message = SpecRules.TIMEOUT_NEEDS_MANUAL_APPROVAL,
    fieldPath = ".approvalTimeout")
public class DewyDeploymentSpec {

  @Required
  @Pattern(Patterns.REGISTRY_URL)
  @JsonPropertyDescription(
      "Dewy registry URL the versions come from: img://HOST/REPO, ghr://OWNER/REPO,"
          + " s3://REGION/BUCKET/PREFIX, gs://BUCKET/PREFIX or grpc://HOST:PORT, with options"
          + " such as ?pre-release=true, ?calver=YYYY.0M.MICRO or ?artifact=NAME.")
  private String registry;

  @Default("1m")
  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How often the registry is polled, as a Go duration such as 30s, 1m or 1h30m. Default 1m.")
  private String interval = "1m";

  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of a Secret in this namespace with registry credentials. img://: type"
          + " kubernetes.io/dockerconfigjson; when not set, the target pod's imagePullSecrets."
          + " ghr://: key GITHUB_TOKEN or GH_TOKEN, or GitHub App keys GITHUB_APP_ID,"
          + " GITHUB_APP_INSTALLATION_ID and GITHUB_APP_PRIVATE_KEY. s3://: keys"
          + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. gs://: key"
          + " GOOGLE_CREDENTIALS, a service-account JSON key. When not set, ghr:// reads"
          + " anonymously, and s3:// and gs:// use the SDK's default credential chain (IRSA,"
          + " Workload Identity). The fetcher gets the same keys as secretKeyRefs.")
  private String credentialsSecret;

  @JsonPropertyDescription(
      "Pin: deploy exactly this version instead of the newest. Empty means the newest version"
          + " that the policy allows.")
  private String version;

  @JsonPropertyDescription(
      "Optional semver constraint the deployed version must satisfy, such as '>=1.2.0 <2.0.0',"
          + " '~1.4' or '^2'.")
  private String versionConstraint;

  @Default("false")
  @JsonPropertyDescription(
      "When true, the registry is still polled and status reported, but nothing is deployed.")
  private Boolean suspend = false;

  @Default("true")
  @JsonPropertyDescription(
      "After a successful deploy, tell the registry that the version shipped, as Dewy does:"
          + " grpc:// gets a Report call, ghr:// a release asset"
          + " shipped_to_WORKLOAD.NAMESPACE_at_TIME.txt, s3:// an empty object of that name beside"
          + " the artifact, gs:// one named shipped_to_WORKLOAD.NAMESPACE_assets_at_TIME.txt;"
          + " img:// has no report. A failed report is a Warning event"
          + " ReportFailed, never a failed deploy. false: never report.")
  private Boolean report = true;

  @JsonPropertyDescription(
      "Regular expressions on the registry's tags, applied before the version policy: only tags"
          + " that match include and do not match exclude are versions to consider.")
  private TagFilterSpec tagFilter;

  @Default("hold")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @JsonPropertyDescription(
      "What happens when someone else sets the workload to a version older than the one"
          + " dewy-operator deployed (kubectl set image, kubectl rollout undo): hold (the default)"
          + " deploys nothing until spec.version is set or the annotation dewy.dev/resume gets a"
          + " new value; redeploy deploys the newest version again.")
  private ManualChangePolicy onManualChange = ManualChangePolicy.hold;

  @Default("false")
  @JsonPropertyDescription(
      "When the workload runs a version newer than the newest the registry offers under the"
          + " policy, nothing is deployed unless this is true (then the newest is deployed, a"
          + " downgrade). A pin (spec.version) is deployed either way.")
  private Boolean allowDowngrade = false;

  @Default("auto")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @JsonPropertyDescription(
      "auto (the default) deploys each new version as it appears; manual stops each attempt in"
          + " phase AwaitingApproval, before the before-deploy hook, until the annotation"
          + " dewy.dev/approve is set to that version (kubectl dewy approve NAME VERSION). A pin"
          + " (spec.version) needs no approval: setting it is the approval.")
  private ApprovalPolicy approval = ApprovalPolicy.auto;

  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "With approval: manual, how long a version may wait for approval, as a Go duration such as"
          + " 4h; then the attempt ends as NotApproved and nothing is deployed until that version is"
          + " approved or a newer one appears. Empty: it waits as long as it takes.")
  private String approvalTimeout;

  @Default("none")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @JsonPropertyDescription(
      "What happens when a rollout fails (the Deployment's progress deadline passes, or its pods"
          + " are not all ready within rolloutTimeout): none (the default, as in Dewy) reports the"
          + " failure and leaves the new version in the template; auto restores the previous"
          + " image (or artifact version), waits for that rollout, skips the after-deploy hook"
          + " and records RolledBack. A rolled-back version is not tried again until a newer one"
          + " appears or the annotation dewy.dev/retry gets a new value.")
  private RollbackPolicy rollback = RollbackPolicy.none;

  @Default("10m")
  @Pattern(Patterns.DURATION)
  @JsonPropertyDescription(
      "How long a rollout may take, from the workload's update until its pods are all updated"
          + " and ready, as a Go duration such as 5m. Past it the rollout has failed (reason"
          + " RolloutTimeout), whatever spec.rollback says. Default 10m, the Deployment's own"
          + " default progress deadline.")
  private String rolloutTimeout = "10m";

  @Default("report")
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @JsonPropertyDescription(
      "img:// only: what happens when the tag the workload runs is pushed again with other"
          + " content (its manifest digest differs from the one in the template): report (the"
          + " default) says so in status.tagRepush, condition TagRepushed, an Event and a"
          + " notification, and deploys nothing; redeploy deploys the new digest of the same"
          + " version, with both hooks.")
  private TagRepushPolicy onTagRepush = TagRepushPolicy.report;

  @Required
  @JsonPropertyDescription("The workload in this namespace whose image or artifact is updated.")
  private TargetSpec target;

  @JsonPropertyDescription("Commands run as Jobs before and after each deploy.")
  private HooksSpec hooks;

  @Pattern(Patterns.NOTIFIER_URL)
  @JsonPropertyDescription(
      "Dewy notifier URL results are sent to: slack://CHANNEL?title=&url=,"
          + " mail://HOST:PORT/TO?from=&subject=, webhook://HOST/PATH or webhooks://HOST/PATH."
          + " Kubernetes Events are always written.")
  private String notifier;

  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Name of a Secret in this namespace holding notifier credentials: SLACK_TOKEN,"
          + " MAIL_USERNAME, MAIL_PASSWORD, or the webhook signing key.")
  private String notifierSecret;

  @Default("10")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("How many past deploys status.history keeps, newest first. Default 10.")
  private Integer historyLimit = 10;

  public String getRegistry() {
    return registry;
  }

  public void setRegistry(String registry) {
    this.registry = registry;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getVersionConstraint() {
    return versionConstraint;
  }

  public void setVersionConstraint(String versionConstraint) {
    this.versionConstraint = versionConstraint;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public Boolean getReport() {
    return report;
  }

  public void setReport(Boolean report) {
    this.report = report;
  }

  public TagFilterSpec getTagFilter() {
    return tagFilter;
  }

  public void setTagFilter(TagFilterSpec tagFilter) {
    this.tagFilter = tagFilter;
  }

  public ManualChangePolicy getOnManualChange() {
    return onManualChange;
  }

  public void setOnManualChange(ManualChangePolicy onManualChange) {
    this.onManualChange = onManualChange;
  }

  public ApprovalPolicy getApproval() {
    return approval;
  }

  public void setApproval(ApprovalPolicy approval) {
    this.approval = approval;
  }

  public String getApprovalTimeout() {
    return approvalTimeout;
  }

  public void setApprovalTimeout(String approvalTimeout) {
    this.approvalTimeout = approvalTimeout;
  }

  public RollbackPolicy getRollback() {
    return rollback;
  }

  public void setRollback(RollbackPolicy rollback) {
    this.rollback = rollback;
  }

  public String getRolloutTimeout() {
    return rolloutTimeout;
  }

  public void setRolloutTimeout(String rolloutTimeout) {
    this.rolloutTimeout = rolloutTimeout;
  }

  public TagRepushPolicy getOnTagRepush() {
    return onTagRepush;
  }

  public void setOnTagRepush(TagRepushPolicy onTagRepush) {
    this.onTagRepush = onTagRepush;
  }

  public Boolean getAllowDowngrade() {
    return allowDowngrade;
  }

  public void setAllowDowngrade(Boolean allowDowngrade) {
    this.allowDowngrade = allowDowngrade;
  }

  public TargetSpec getTarget() {
    return target;
  }

  public void setTarget(TargetSpec target) {
    this.target = target;
  }

  public HooksSpec getHooks() {
    return hooks;
  }

  public void setHooks(HooksSpec hooks) {
    this.hooks = hooks;
  }

  public String getNotifier() {
    return notifier;
  }

  public void setNotifier(String notifier) {
    this.notifier = notifier;
  }

  public String getNotifierSecret() {
    return notifierSecret;
  }

  public void setNotifierSecret(String notifierSecret) {
    this.notifierSecret = notifierSecret;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }
}
