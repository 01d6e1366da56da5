package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HookSpec;
import dev.dewy.operator.api.v1alpha1.HooksStatus;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs one hook of one attempt as a Job and reads its result: it observes and acts (creates or
 * stops the Job), and records nothing itself. The Job's name is fixed by (DewyDeployment, hook,
 * version, attempt), so a restarted operator finds the Job it started instead of starting another.
 */
final class HookRunner {
  static final String JOB_NAME_LABEL = "job-name";
  private static final Duration MIN_OUTPUT_CHECK = Duration.ofSeconds(1);
  private static final Duration MAX_OUTPUT_CHECK = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 50;

  private final Duration jobTtl;

  /** Runs hooks whose finished Jobs the TTL controller removes after {@code jobTtl}. */
  HookRunner(Duration jobTtl) {
    this.jobTtl = jobTtl;
  }

  /** Where a hook stands: running (with what status keeps of it so far), or finished. */
  sealed interface Progress {
    record Running(HookResult record) implements Progress {}

    /** {@code reported}: recorded, logged, evented and notified before (e.g. by a restart). */
    record Finished(HookResult result, boolean reported) implements Progress {}
  }

  Progress advance(Observation o, DewyDeploymentStatus status, HookKind kind) {
    HookSpec hook = kind.spec(o.resource()).orElseThrow();
    RolloutState attempt = status.getRollout();
    String name = o.jobName(kind, attempt);
    Optional<HookResult> recorded = o.hookOf(status.getHooks(), kind, attempt);
    if (recorded.isPresent() && recorded.get().getSucceeded() != null) {
      // Read before a restart; the Job may since have gone (TTL), and must not count as lost.
      return new Progress.Finished(recorded.get(), true);
    }
    Optional<Job> job = o.cluster().job(name);
    if (job.isEmpty()) {
      if (recorded.isPresent()) {
        return new Progress.Finished(lost(hook, attempt, name), false);
      }
      return start(o, kind, hook, attempt, name);
    }
    List<Pod> pods = o.cluster().podsOf(name, false);
    Pod pod = pods.isEmpty() ? null : pods.get(pods.size() - 1);
    if (!HookResults.isFinished(job.get())) {
      Optional<HookResults.Waiting> stuck = stuck(pod, kind);
      if (stuck.isPresent()) {
        return new Progress.Finished(
            failStuck(o, job.get(), pod, hook, stuck.get(), attempt.getVersion()), false);
      }
      HookResult record =
          recorded.map(HookResults::copy).orElseGet(() -> started(o, hook, attempt, name));
      // A hook that outlives a check period has its output so far kept (the Job controller
      // deletes a pod past its deadline, and its log with it); a quick one costs no log read.
      if (pod != null && ranFor(record, o).compareTo(outputCheckPeriod(timeout(o, kind))) >= 0) {
        String tail = redact(o, job.get(), logTail(o, pod));
        if (tail != null) {
          record.setStdout(tail);
        }
      }
      return new Progress.Running(record);
    }
    if (!HookResults.hasTerminated(pod)) {
      List<Pod> fresh = o.cluster().podsOf(name, true);
      pod = fresh.isEmpty() ? pod : fresh.get(fresh.size() - 1);
    }
    HookResult result = HookResults.from(job.get(), pod, hook.getCommand(), attempt.getVersion());
    if (result.getStdout() == null && result.getStderr() == null) {
      // A pod killed at the Job's deadline is deleted with its log: fall back to what was read.
      String tail = pod == null ? null : logTail(o, pod);
      result.setStdout(tail != null ? tail : recorded.map(HookResult::getStdout).orElse(null));
    }
    result.setStdout(redact(o, job.get(), result.getStdout()));
    result.setStderr(redact(o, job.get(), result.getStderr()));
    return new Progress.Finished(result, false);
  }

  /**
   * Creates the Job. kube-apiserver refusing it (4xx other than "exists") ends the hook at once:
   * the same Job would be refused again.
   */
  private Progress start(
      Observation o, HookKind kind, HookSpec hook, RolloutState attempt, String name) {
    Job job =
        HookJobFactory.build(
            o.resource(),
            kind,
            attempt.getVersion(),
            attempt.getPreviousVersion(),
            attempt.getAttempt(),
            o.workload().template(),
            o.container().getName(),
            attempt.getImage());
    job.getSpec().setTtlSecondsAfterFinished((int) jobTtl.toSeconds());
    // the name the attempt is known by: a redeploy of a re-pushed tag's carries its digest
    job.getMetadata().setName(name);
    HookResult started = started(o, hook, attempt, name);
    try {
      o.cluster().create(job);
    } catch (KubernetesClientException e) {
      if (e.getCode() < 400 || e.getCode() >= 500) {
        throw e;
      }
      started.setSucceeded(false);
      started.setReason("JobRefused");
      started.setFinishedAt(o.now().toString());
      started.setStderr(
          "kube-apiserver refused the hook's Job ("
              + e.getCode()
              + "): "
              + (e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage())
              + " (fix "
              + kind.specPath()
              + " or the target's pod template)");
      return new Progress.Finished(started, false);
    }
    return new Progress.Running(started);
  }

  private static Duration ranFor(HookResult record, Observation o) {
    return record.getStartedAt() == null
        ? Duration.ZERO
        : Duration.between(java.time.Instant.parse(record.getStartedAt()), o.now());
  }

  private static Duration timeout(Observation o, HookKind kind) {
    return kind == HookKind.BEFORE_DEPLOY
        ? o.spec().beforeHookTimeout()
        : o.spec().afterHookTimeout();
  }

  private static HookResult started(
      Observation o, HookSpec hook, RolloutState attempt, String name) {
    HookResult started = new HookResult();
    started.setCommand(hook.getCommand());
    started.setVersion(attempt.getVersion());
    started.setJobName(name);
    started.setStartedAt(o.now().toString());
    return started;
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
  private static HookResult failStuck(
      Observation o, Job job, Pod pod, HookSpec hook, HookResults.Waiting stuck, String version) {
    o.cluster().delete(job);
    HookResult failed = HookResults.from(job, pod, hook.getCommand(), version);
    failed.setSucceeded(false);
    failed.setReason(stuck.reason());
    failed.setStderr(stuck.message());
    failed.setFinishedAt(o.now().toString());
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

  /** Without a termination document (the pod was killed), the log tail is the best record. */
  private static String logTail(Observation o, Pod pod) {
    return o.cluster()
        .logTail(pod, HookJobFactory.CONTAINER, LOG_TAIL_LINES)
        .map(
            log -> {
              byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
              int keep = Math.min(bytes.length, HookScript.TAIL_BYTES);
              return HookOutput.tail(
                  Arrays.copyOfRange(bytes, bytes.length - keep, bytes.length), bytes.length);
            })
        .orElse(null);
  }

  private static String redact(Observation o, Job job, String text) {
    return SecretRedactor.redact(o.secrets(), job, text);
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

  static HookResult recorded(HooksStatus hooks, HookKind kind) {
    if (hooks == null) {
      return null;
    }
    return kind == HookKind.BEFORE_DEPLOY ? hooks.getBeforeDeploy() : hooks.getAfterDeploy();
  }

  static void record(DewyDeploymentStatus status, HookKind kind, HookResult result) {
    HooksStatus hooks = status.getHooks();
    if (hooks == null) {
      hooks = new HooksStatus();
      status.setHooks(hooks);
    }
    if (kind == HookKind.BEFORE_DEPLOY) {
      hooks.setBeforeDeploy(result);
    } else {
      hooks.setAfterDeploy(result);
    }
  }
}
