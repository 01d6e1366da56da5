package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.ApprovalPolicy;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentSpec;
import dev.dewy.operator.api.v1alpha1.HookSpec;
import dev.dewy.operator.api.v1alpha1.SpecRules;
import dev.dewy.operator.api.v1alpha1.TagFilterSpec;
import dev.dewy.operator.notify.NotifierConfigException;
import dev.dewy.operator.notify.NotifierUrl;
import dev.dewy.operator.registry.ImageRegistryUrl;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.registry.RegistryUrlException;
import dev.dewy.operator.registry.ReleaseOptions;
import dev.dewy.operator.version.CalVerFormat;
import dev.dewy.operator.version.ParseResult;
import dev.dewy.operator.version.TagFilter;
import dev.dewy.operator.version.VersionConstraint;
import dev.dewy.operator.version.VersionPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks what the CRD schema cannot: that the registry URL, durations and version policy parse, and
 * that they fit together. A failure names the field and the fix and marks the resource Stalled,
 * because retrying an unchanged spec cannot help. A bad notifier URL is not one: it only costs the
 * channel (see DeployNotifications).
 */
final class SpecCheck {
  private SpecCheck() {}

  static CheckedSpec check(DewyDeploymentSpec spec) {
    if (spec == null) {
      throw new InvalidSpecException("spec", "is missing (it needs at least registry and target)");
    }
    RegistryUrl registry = registry(spec.getRegistry());
    if (spec.getTarget() == null || blank(spec.getTarget().getName())) {
      throw new InvalidSpecException(
          "spec.target.name", "is required: the workload to update, in this namespace");
    }
    if (registry instanceof ImageRegistryUrl && !blank(spec.getTarget().getVolume())) {
      throw new InvalidSpecException(
          "spec.target.volume", SpecRules.VOLUME_NEEDS_ARTIFACT_REGISTRY);
    }
    if (!(registry instanceof ImageRegistryUrl) && blank(spec.getTarget().getVolume())) {
      throw new InvalidSpecException(
          "spec.target.volume",
          ("is required for %s:// registries: name the pod template's volume the artifact is"
                  + " unpacked into (an emptyDir serves; the app finds it at"
                  + " <mountPath>/current)")
              .formatted(registry.scheme()));
    }
    if (spec.getTarget().getKind() == null) {
      throw new InvalidSpecException(
          "spec.target.kind",
          "is not a kind the operator can update (expected Deployment, StatefulSet or DaemonSet)");
    }
    Duration interval = duration(orDefault(spec.getInterval(), "1m"), "spec.interval");
    Optional<NotifierUrl> notifier = notifier(spec.getNotifier());
    Duration before =
        timeout(
            spec.getHooks() == null ? null : spec.getHooks().getBeforeDeploy(),
            HookKind.BEFORE_DEPLOY);
    Duration after =
        timeout(
            spec.getHooks() == null ? null : spec.getHooks().getAfterDeploy(),
            HookKind.AFTER_DEPLOY);
    return new CheckedSpec(
        registry,
        policy(spec, registry.options()),
        tagFilter(spec.getTagFilter()),
        interval,
        notifier,
        before,
        after,
        approvalTimeout(spec),
        rollback(spec));
  }

  /** spec.rollback and spec.rolloutTimeout; rollbackOnFailure belongs to the after hook only. */
  private static Duration rollback(DewyDeploymentSpec spec) {
    if (spec.getRollback() == null) {
      throw new InvalidSpecException(
          "spec.rollback",
          "must be none (report a failed rollout) or auto (restore the previous version)");
    }
    HookSpec before = spec.getHooks() == null ? null : spec.getHooks().getBeforeDeploy();
    if (before != null && Boolean.TRUE.equals(before.getRollbackOnFailure())) {
      throw new InvalidSpecException(
          "spec.hooks.beforeDeploy.rollbackOnFailure", SpecRules.ROLLBACK_ON_FAILURE_AFTER_ONLY);
    }
    return duration(orDefault(spec.getRolloutTimeout(), "10m"), "spec.rolloutTimeout");
  }

  /** A Go duration of at least one second. */
  private static Duration duration(String value, String field) {
    Duration duration = GoDuration.parse(value, field);
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidSpecException(field, "must be at least 1s (got \"" + value + "\")");
    }
    return duration;
  }

  private static Optional<Duration> approvalTimeout(DewyDeploymentSpec spec) {
    if (spec.getApproval() == null) {
      throw new InvalidSpecException(
          "spec.approval", "must be auto (deploy each new version) or manual (wait for approval)");
    }
    if (blank(spec.getApprovalTimeout())) {
      return Optional.empty();
    }
    if (spec.getApproval() != ApprovalPolicy.manual) {
      throw new InvalidSpecException(
          "spec.approvalTimeout", SpecRules.TIMEOUT_NEEDS_MANUAL_APPROVAL);
    }
    return Optional.of(duration(spec.getApprovalTimeout(), "spec.approvalTimeout"));
  }

  private static RegistryUrl registry(String url) {
    if (blank(url)) {
      throw new InvalidSpecException(
          "spec.registry", "is required, as img://HOST/REPO (or ghr://, s3://, gs://, grpc://)");
    }
    try {
      return RegistryUrl.parse(url);
    } catch (RegistryUrlException e) {
      throw new InvalidSpecException("spec.registry", stripField(e.getMessage(), "spec.registry"));
    }
  }

  private static VersionPolicy policy(DewyDeploymentSpec spec, ReleaseOptions options) {
    VersionPolicy policy = VersionPolicy.semver().withPreRelease(options.preRelease());
    if (options.calver().isPresent()) {
      policy =
          policy.withCalver(parsed(CalVerFormat.parse(options.calver().get()), "spec.registry"));
    }
    Optional<String> constraint =
        Optional.ofNullable(spec.getVersionConstraint()).filter(c -> !c.isBlank());
    String constraintField = "spec.versionConstraint";
    if (constraint.isEmpty() && options.constraint().isPresent()) {
      constraint = options.constraint();
      constraintField = "spec.registry";
    }
    if (constraint.isPresent()) {
      if (options.calver().isPresent()) {
        throw new InvalidSpecException(
            constraintField,
            "a semver constraint cannot apply to calver tags (remove the constraint or calver)");
      }
      policy =
          policy.withConstraint(parsed(VersionConstraint.parse(constraint.get()), constraintField));
    }
    if (!blank(spec.getVersion())) {
      ParseResult<?> pinned = policy.scheme().parseVersion(spec.getVersion());
      if (!pinned.isParsed()) {
        throw new InvalidSpecException(
            "spec.version", pinned.rejectionReason().orElse("is not a version"));
      }
      policy = policy.withPin(spec.getVersion());
    }
    return policy;
  }

  /** The schema refuses an expression RE2 cannot compile; the sandbox has no CEL, so check here. */
  private static TagFilter tagFilter(TagFilterSpec filter) {
    if (filter == null) {
      return TagFilter.NONE;
    }
    return new TagFilter(
        parsed(TagFilter.expression(filter.getInclude()), "spec.tagFilter.include"),
        parsed(TagFilter.expression(filter.getExclude()), "spec.tagFilter.exclude"));
  }

  /**
   * A notifier URL that does not parse is empty here, not an error: deploys go on without the
   * channel, and DeployNotifications reports why it is missing.
   */
  static Optional<NotifierUrl> notifier(String url) {
    if (blank(url)) {
      return Optional.empty();
    }
    try {
      return Optional.of(NotifierUrl.parse(url));
    } catch (NotifierConfigException e) {
      return Optional.empty();
    }
  }

  private static Duration timeout(HookSpec hook, HookKind kind) {
    if (hook == null) {
      return Duration.ZERO;
    }
    if (blank(hook.getCommand())) {
      throw new InvalidSpecException(
          kind.specPath() + ".command", "must not be empty (a shell command such as ./check.sh)");
    }
    return duration(orDefault(hook.getTimeout(), "10m"), kind.specPath() + ".timeout");
  }

  private static <T> T parsed(ParseResult<T> result, String field) {
    if (!result.isParsed()) {
      throw new InvalidSpecException(field, result.rejectionReason().orElse("is not valid"));
    }
    return result.orElseThrow();
  }

  /** Parsers prefix their own field; the exception adds it again, so keep one. */
  private static String stripField(String message, String field) {
    String prefix = field + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static String orDefault(String value, String fallback) {
    return blank(value) ? fallback : value;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
