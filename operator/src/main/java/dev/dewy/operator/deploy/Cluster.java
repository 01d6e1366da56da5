package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * What the flow reads from and writes to Kubernetes, in one namespace: reads come from the
 * informers' caches wherever they hold the object, writes go to the API. One per pass ({@link
 * ApiCluster}); the state machine's unit tests put a map behind it.
 */
interface Cluster {

  /** The target workload: from the cache once it carries the operator's claim, else the API. */
  Optional<HasMetadata> workload(TargetKind kind, String name);

  /**
   * The target workload read from the API, with the managedFields the caches drop: who set what.
   * Read when a manual change is first seen, not on every pass.
   */
  Optional<HasMetadata> read(TargetKind kind, String name);

  /** Labels the workload {@code dewy.dev/deployment: owner}, which puts it in the cache. */
  HasMetadata claim(TargetKind kind, HasMetadata workload, String owner);

  /** Removes the claim of {@code owner}, if the workload still carries it. */
  void release(TargetKind kind, String name, String owner);

  /** Patches the workload's pod template (strategic merge, field manager dewy-operator). */
  HasMetadata patch(TargetKind kind, String name, String strategicMergePatch);

  /** A hook Job, from the cache (which holds the Jobs this operator created). */
  Optional<Job> job(String name);

  /** Creates a hook Job and shows it to the cache at once; 409 (it exists) is not an error. */
  void create(Job job);

  /** Deletes a hook Job and its pods (background propagation). */
  void delete(Job job);

  /** The pods of a hook Job, newest last: from the cache, or the API when {@code fresh}. */
  List<Pod> podsOf(String jobName, boolean fresh);

  /**
   * The pods of the target workload (those its spec.selector matches), read from the API: looked at
   * only while a volume deploy rolls out, for a fetch init container that failed.
   */
  List<Pod> podsOfWorkload(HasMetadata workload);

  /** The last {@code lines} lines of a pod's container log; empty when there is none. */
  Optional<String> logTail(Pod pod, String container, int lines);

  /** A Secret, read from the API (each pass reads each once, through {@link Secrets}). */
  Optional<Secret> readSecret(String name);

  /**
   * Writes {@code status} as the status of {@code stored} (optimistic locking, re-read on conflict)
   * and returns the resource as written.
   */
  DewyDeployment writeStatus(DewyDeployment stored, DewyDeploymentStatus status);

  /** Whether a DewyDeployment of this name exists in the namespace (from the cache). */
  boolean dewyDeploymentExists(String name);

  /**
   * The field manager that last set annotation {@code key} of DewyDeployment {@code name}, read
   * from the API, since the cache drops managedFields; empty when none is recorded.
   */
  Optional<String> annotationManager(String name, String key);
}
