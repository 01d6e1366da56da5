package dev.dewy.sandbox.controllers;

import dev.dewy.sandbox.kubelet.StatusUpdate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for the Job controller: creates a Job's pods, counts their outcomes, applies
 * backoffLimit, activeDeadlineSeconds, suspend and ttlSecondsAfterFinished, and records status.
 */
final class JobController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JobController.class);

  private final KubernetesClient client;
  private final Duration backoff;
  private final ScheduledExecutorService queue;
  private SharedIndexInformer<Job> jobs;
  private SharedIndexInformer<Pod> pods;

  JobController(KubernetesClient client, Duration backoff, ScheduledExecutorService queue) {
    this.client = client;
    this.backoff = backoff;
    this.queue = queue;
  }

  JobController start() {
    jobs = client.batch().v1().jobs().inAnyNamespace().inform(new JobEvents());
    pods = client.pods().inAnyNamespace().inform(new PodEvents());
    return this;
  }

  private void enqueue(String namespace, String name) {
    queue.execute(() -> reconcile(namespace, name));
  }

  private void enqueueAt(String namespace, String name, Instant at) {
    long delay = Math.max(0, Duration.between(Instant.now(), at).toMillis()) + 50;
    queue.schedule(() -> reconcile(namespace, name), delay, TimeUnit.MILLISECONDS);
  }

  private void reconcile(String namespace, String name) {
    try {
      Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
      if (job == null || job.getMetadata().getDeletionTimestamp() != null) {
        return;
      }
      if (job.getStatus() != null && JobProgress.finishedAt(job.getStatus()).isPresent()) {
        expire(job);
        return;
      }
      List<Pod> owned = podsOf(job);
      JobProgress.Decision decision = JobProgress.decide(job, owned, Instant.now(), backoff);
      decision.podsToDelete().forEach(pod -> client.resource(pod).delete());
      for (int i = 0; i < decision.podsToCreate(); i++) {
        client.resource(JobPods.newPod(job)).create();
      }
      if (!decision.status().equals(job.getStatus())) {
        StatusUpdate.apply(
            client,
            Job.class,
            namespace,
            name,
            current -> {
              current.setStatus(decision.status());
              return current;
            });
      }
      decision.recheckAt().ifPresent(at -> enqueueAt(namespace, name, at));
    } catch (RuntimeException e) {
      if (queue.isShutdown()) {
        return; // the API may already be gone while the sandbox shuts down
      }
      LOG.warn("job {}/{}: reconcile failed, retrying: {}", namespace, name, e.toString());
      enqueueAt(namespace, name, Instant.now().plusSeconds(1));
    }
  }

  private void expire(Job job) {
    Optional<Instant> expiry = JobProgress.expiry(job);
    if (expiry.isEmpty()) {
      return;
    }
    if (Instant.now().isBefore(expiry.get())) {
      enqueueAt(job.getMetadata().getNamespace(), job.getMetadata().getName(), expiry.get());
      return;
    }
    client
        .resource(job)
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
    deletePodsOf(job);
  }

  private List<Pod> podsOf(Job job) {
    return client
        .pods()
        .inNamespace(job.getMetadata().getNamespace())
        .withLabel(JobPods.CONTROLLER_UID, job.getMetadata().getUid())
        .list()
        .getItems();
  }

  private void deletePodsOf(Job job) {
    podsOf(job).forEach(pod -> client.resource(pod).delete());
  }

  @Override
  public void close() {
    if (jobs != null) {
      jobs.close();
    }
    if (pods != null) {
      pods.close();
    }
  }

  private final class JobEvents implements ResourceEventHandler<Job> {
    @Override
    public void onAdd(Job job) {
      enqueue(job.getMetadata().getNamespace(), job.getMetadata().getName());
    }

    @Override
    public void onUpdate(Job old, Job job) {
      enqueue(job.getMetadata().getNamespace(), job.getMetadata().getName());
    }

    @Override
    public void onDelete(Job job, boolean unknownFinalState) {
      // the raw mock has no garbage collector; a faithful API may have deleted them already
      queue.execute(
          () -> {
            try {
              deletePodsOf(job);
            } catch (RuntimeException e) {
              LOG.warn(
                  "job {}: deleting its pods failed: {}",
                  job.getMetadata().getName(),
                  e.toString());
            }
          });
    }
  }

  private final class PodEvents implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      owner(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      owner(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean unknownFinalState) {
      owner(pod);
    }

    private void owner(Pod pod) {
      var owners = pod.getMetadata().getOwnerReferences();
      if (owners == null) {
        return;
      }
      owners.stream()
          .filter(o -> "Job".equals(o.getKind()))
          .forEach(o -> enqueue(pod.getMetadata().getNamespace(), o.getName()));
    }
  }
}
