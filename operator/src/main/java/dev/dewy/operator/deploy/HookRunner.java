package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HookSpec;
import dev.dewy.operator.api.v1alpha1.HooksStatus;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs one hook of one attempt as a Job and reads its result. The Job's name is fixed by
 * (DewyDeployment, hook, version, attempt), and status records that it was created, so a restarted
 * operator finds the Job it started instead of starting a second one.
 */
final class HookRunner {
  static final String JOB_NAME_LABEL = "job-name";
  private static final Duration MIN_OUTPUT_CHECK = Duration.ofSeconds(1);
  private static final Duration MAX_OUTPUT_CHECK = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final SecretRedactor redactor;
  private final Duration jobTtl;

  /** Runs hooks whose finished Jobs the TTL controller removes after {@code jobTtl}. */
  HookRunner(KubernetesClient client, Duration jobTtl) {
    this.client = client;
    this.redactor = new SecretRedactor(client);
    this.jobTtl = jobTtl;
  }

  HookProgress advance(Reconciliation r, HookKind kind) {
    HookSpec hook = kind.spec(r.resource()).orElseThrow();
    RolloutState rollout = r.rollout();
    String name =
        HookJobFactory.jobName(r.name(), kind, rollout.getVersion(), rollout.getAttempt());
    HookResult recorded = recorded(r, kind);
    boolean ours = recorded != null && name.equals(recorded.getJobName());
    if (ours && recorded.getSucceeded() != null) {
      // Read before a restart; the Job may since have gone (TTL), and must not count as lost.
      return new HookProgress.Finished(recorded, true);
    }
    Job job = job(r, name);
    if (job == null) {
      if (ours) {
        return new HookProgress.Finished(lost(hook, rollout, name));
      }
      create(r, kind);
      HookResult started = new HookResult();
      started.setCommand(hook.getCommand());
      started.setVersion(rollout.getVersion());
      started.setJobName(name);
      started.setStartedAt(r.now().toString());
      record(r, kind, started);
      r.save();
      return new HookProgress.Running();
    }
    Pod pod = latestPod(r, name).orElse(null);
    if (!HookResults.isFinished(job)) {
      Optional<HookResults.Waiting> stuck = stuck(pod, kind);
      if (stuck.isEmpty()) {
        keepOutputSoFar(r, kind, job, pod);
        return new HookProgress.Running();
      }
      return new HookProgress.Finished(failStuck(r, job, pod, hook, stuck.get()));
    }
    if (!HookResults.hasTerminated(pod)) {
      pod = podFromApi(r, name).orElse(pod);
    }
    HookResult result = HookResults.from(job, pod, hook.getCommand(), rollout.getVersion());
    if (result.getStdout() == null && result.getStderr() == null) {
      // A pod killed at the Job's deadline is deleted with its log: fall back to what was read.
      String tail = pod == null ? null : logTail(r, pod);
      result.setStdout(tail != null ? tail : outputSoFar(r, kind, name));
    }
    result.setStdout(redactor.redact(r.namespace(), job, result.getStdout()));
    result.setStderr(redactor.redact(r.namespace(), job, result.getStderr()));
    return new HookProgress.Finished(result);
  }

  /** A pod that can never start: its image cannot be pulled, or a Secret it needs is missing. */
  private static Optional<HookResults.Waiting> stuck(Pod pod, HookKind kind) {
    if (pod == null) {
      return Optional.empty();
    }
    return HookResults.imagePullFailure(pod)
        .or(
            () ->
                HookResults.configFailure(pod)
                    .map(
                        w ->
                            new HookResults.Waiting(
                                w.reason(),
                                w.message()
                                    + " (create it, or fix the env, envFrom and volumes of "
                                    + kind.specPath()
                                    + " or of the target's pod template)")));
  }

  /** Fails the hook at once rather than waiting out its timeout, and stops its Job. */
  private HookResult failStuck(
      Reconciliation r, Job job, Pod pod, HookSpec hook, HookResults.Waiting stuck) {
    client
        .resource(job)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    HookResult failed = HookResults.from(job, pod, hook.getCommand(), r.rollout().getVersion());
    failed.setSucceeded(false);
    failed.setReason(stuck.reason());
    failed.setStderr(stuck.message());
    failed.setFinishedAt(r.now().toString());
    return failed;
  }

  /**
   * How often a running hook's log is read into status: the Job controller deletes a pod that
   * outlives its deadline, and its log with it, so what was read is all that remains.
   */
  static Duration outputCheckPeriod(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    if (quarter.compareTo(MIN_OUTPUT_CHECK) < 0) {
      return MIN_OUTPUT_CHECK;
    }
    return quarter.compareTo(MAX_OUTPUT_CHECK) > 0 ? MAX_OUTPUT_CHECK : quarter;
  }

  private void keepOutputSoFar(Reconciliation r, HookKind kind, Job job, Pod pod) {
    HookResult recorded = recorded(r, kind);
    if (pod == null
        || recorded == null
        || !job.getMetadata().getName().equals(recorded.getJobName())) {
      return;
    }
    String tail = redactor.redact(r.namespace(), job, logTail(r, pod));
    if (tail != null && !tail.equals(recorded.getStdout())) {
      recorded.setStdout(tail);
      r.save();
    }
  }

  private static String outputSoFar(Reconciliation r, HookKind kind, String name) {
    HookResult recorded = recorded(r, kind);
    return recorded != null && name.equals(recorded.getJobName()) ? recorded.getStdout() : null;
  }

  private Job job(Reconciliation r, String name) {
    Optional<Job> cached =
        r.context().getSecondaryResources(Job.class).stream()
            .filter(j -> name.equals(j.getMetadata().getName()))
            .findFirst();
    // The informer may not have seen a Job created moments ago; ask the API before creating.
    return cached.orElseGet(
        () -> client.batch().v1().jobs().inNamespace(r.namespace()).withName(name).get());
  }

  private void create(Reconciliation r, HookKind kind) {
    RolloutState rollout = r.rollout();
    Job job =
        HookJobFactory.build(
            r.resource(),
            kind,
            rollout.getVersion(),
            rollout.getPreviousVersion(),
            rollout.getAttempt(),
            r.workload.template(),
            r.container.getName(),
            rollout.getImage());
    job.getSpec().setTtlSecondsAfterFinished((int) jobTtl.toSeconds());
    try {
      client.resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  private Optional<Pod> latestPod(Reconciliation r, String jobName) {
    return r.context().getSecondaryResources(Pod.class).stream()
        .filter(p -> jobName.equals(labels(p).get(JOB_NAME_LABEL)))
        .max(
            Comparator.comparing(
                p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
  }

  /**
   * The Job and Pod informers are separate: a finished Job can be seen before its pod's final
   * state, which holds the exit code and output, so ask the API for the pod itself.
   */
  private Optional<Pod> podFromApi(Reconciliation r, String jobName) {
    return client
        .pods()
        .inNamespace(r.namespace())
        .withLabel(JOB_NAME_LABEL, jobName)
        .list()
        .getItems()
        .stream()
        .max(
            Comparator.comparing(
                p -> Objects.toString(p.getMetadata().getCreationTimestamp(), "")));
  }

  private static java.util.Map<String, String> labels(Pod pod) {
    return pod.getMetadata().getLabels() == null
        ? java.util.Map.of()
        : pod.getMetadata().getLabels();
  }

  /** Without a termination document (the pod was killed), the log tail is the best record. */
  private String logTail(Reconciliation r, Pod pod) {
    try {
      String log =
          client
              .pods()
              .inNamespace(r.namespace())
              .withName(pod.getMetadata().getName())
              .inContainer(HookJobFactory.CONTAINER)
              .tailingLines(50)
              .getLog();
      if (log == null || log.isEmpty()) {
        return null;
      }
      byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
      int keep = Math.min(bytes.length, HookScript.TAIL_BYTES);
      return HookOutput.tail(
          Arrays.copyOfRange(bytes, bytes.length - keep, bytes.length), bytes.length);
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  private static HookResult lost(HookSpec hook, RolloutState rollout, String name) {
    HookResult result = new HookResult();
    result.setCommand(hook.getCommand());
    result.setVersion(rollout.getVersion());
    result.setJobName(name);
    result.setSucceeded(false);
    result.setReason("JobLost");
    result.setStderr(
        "Job "
            + name
            + " was deleted before its result was read; the hook is not run again"
            + " for this attempt");
    return result;
  }

  static HookResult recorded(Reconciliation r, HookKind kind) {
    HooksStatus hooks = r.status().getHooks();
    if (hooks == null) {
      return null;
    }
    return kind == HookKind.BEFORE_DEPLOY ? hooks.getBeforeDeploy() : hooks.getAfterDeploy();
  }

  static void record(Reconciliation r, HookKind kind, HookResult result) {
    HooksStatus hooks = r.status().getHooks();
    if (hooks == null) {
      hooks = new HooksStatus();
      r.status().setHooks(hooks);
    }
    if (kind == HookKind.BEFORE_DEPLOY) {
      hooks.setBeforeDeploy(result);
    } else {
      hooks.setAfterDeploy(result);
    }
  }
}
