package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the Job that runs one attempt of one hook at one version, in a pod shaped by {@link
 * HookPod}, named so that the same attempt always maps to the same Job.
 *
 * <p>{@code ttlSecondsAfterFinished} is one hour unless the operator is told otherwise ({@code
 * --hook-job-ttl}): the result lives on in status, so the Job is only kept long enough for {@code
 * kubectl logs job/...} while someone looks into a failure.
 */
public final class HookJobFactory {
  /** Seconds a finished hook Job (and its pod's logs) stay around. */
  public static final int TTL_SECONDS_AFTER_FINISHED = 3600;

  /** Name of the hook container, for {@code kubectl logs -c} and for reading its status. */
  public static final String CONTAINER = "hook";

  /** Annotation on the Job with the version exactly as the registry spelled it. */
  public static final String VERSION_ANNOTATION = "dewy.dev/version";

  private static final int MAX_NAME = 63;

  private HookJobFactory() {}

  /** The Job for one attempt of one hook at one version. */
  public static Job build(
      DewyDeployment dd,
      HookKind kind,
      String version,
      String previousVersion,
      int attempt,
      PodTemplateSpec targetTemplate,
      String targetContainerName,
      String newImage) {
    HookSpec hook =
        kind.spec(dd)
            .orElseThrow(() -> new IllegalArgumentException(kind.specPath() + " is not set"));
    if (hook.getCommand() == null || hook.getCommand().isBlank()) {
      throw new InvalidSpecException(
          kind.specPath() + ".command", "must not be empty (a shell command such as ./check.sh)");
    }
    String name = dd.getMetadata().getName();
    PodSpec target = targetTemplate.getSpec();
    Container targetContainer =
        WorkloadPatch.targetContainer(target, targetContainerName, "the target pod template");
    String image =
        isBlank(hook.getImage()) ? Objects.requireNonNull(newImage, "newImage") : hook.getImage();
    Map<String, String> labels =
        Map.of(
            Labels.MANAGED_BY, Labels.MANAGER,
            Labels.DEPLOYMENT, Labels.value(name),
            Labels.HOOK, kind.label(),
            Labels.VERSION, Labels.value(version),
            Labels.ATTEMPT, Integer.toString(attempt));

    PodSpec pod =
        HookPod.from(
            target,
            targetContainer,
            image,
            hook.getCommand(),
            HookEnvironment.of(
                targetContainer,
                hook.getEnv(),
                kind,
                name,
                dd.getSpec().getRegistry(),
                version,
                previousVersion));

    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName(name, kind, version, attempt))
        .withNamespace(dd.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(Map.of(VERSION_ANNOTATION, version))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(DewyDeployment.GROUP + "/" + DewyDeployment.VERSION)
                .withKind("DewyDeployment")
                .withName(name)
                .withUid(dd.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(hook.getRetries() == null ? 0 : hook.getRetries())
        .withActiveDeadlineSeconds(deadlineSeconds(hook, kind))
        .withTtlSecondsAfterFinished(TTL_SECONDS_AFTER_FINISHED)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .withAnnotations(Map.of(VERSION_ANNOTATION, version))
        .endMetadata()
        .withSpec(pod)
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * {@code <name>-before-deploy-<hash8>}: the same attempt always gets the same name, so a
   * restarted operator finds its Job instead of running the hook twice. The name is cut so the
   * whole fits 63 characters, because it becomes the pods' {@code job-name} label value.
   */
  public static String jobName(String deployment, HookKind kind, String version, int attempt) {
    String hash = sha256(deployment + "\0" + kind.label() + "\0" + version + "\0" + attempt);
    String suffix = "-" + kind.label() + "-" + hash.substring(0, 8);
    String prefix = deployment;
    if (prefix.length() + suffix.length() > MAX_NAME) {
      prefix = prefix.substring(0, MAX_NAME - suffix.length()).replaceAll("[-.]+$", "");
    }
    return prefix + suffix;
  }

  private static long deadlineSeconds(HookSpec hook, HookKind kind) {
    String field = kind.specPath() + ".timeout";
    String text = hook.getTimeout() == null ? "10m" : hook.getTimeout();
    Duration timeout = GoDuration.parse(text, field);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidSpecException(
          field, "\"" + text + "\" must be positive (a Go duration such as 30s, 10m or 1h30m)");
    }
    // Round up: a 1500ms timeout must not become 1s.
    return timeout.plusNanos(999_999_999L).getSeconds();
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
