package dev.dewy.sandbox.controllers;

import dev.dewy.sandbox.kubelet.StatusUpdate;
import dev.dewy.sandbox.kubelet.UnpullableImages;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for a workload controller: when a workload's generation is new it shows the rollout in
 * progress, then after the rollout delay shows it complete, unless an image is unpullable.
 */
final class RolloutController<T extends HasMetadata> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutController.class);

  private final KubernetesClient client;
  private final RolloutKind<T> kind;
  private final Duration delay;
  private final ScheduledExecutorService queue;
  private SharedIndexInformer<T> informer;

  RolloutController(
      KubernetesClient client,
      RolloutKind<T> kind,
      Duration delay,
      ScheduledExecutorService queue) {
    this.client = client;
    this.kind = kind;
    this.delay = delay;
    this.queue = queue;
  }

  RolloutController<T> start() {
    informer =
        client
            .resources(kind.type())
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(T workload) {
                    onChange(workload);
                  }

                  @Override
                  public void onUpdate(T old, T workload) {
                    onChange(workload);
                  }

                  @Override
                  public void onDelete(T workload, boolean unknownFinalState) {}
                });
    return this;
  }

  private void onChange(T workload) {
    if (!Objects.equals(
        kind.observedGeneration(workload), workload.getMetadata().getGeneration())) {
      queue.execute(() -> advance(workload, RolloutKind.Stage.PROGRESSING));
    }
  }

  /** Moves the workload to {@code stage} if it still has the generation {@code seen} had. */
  private void advance(T seen, RolloutKind.Stage stage) {
    String namespace = seen.getMetadata().getNamespace();
    String name = seen.getMetadata().getName();
    Long generation = seen.getMetadata().getGeneration();
    try {
      Optional<T> written =
          StatusUpdate.apply(
              client,
              kind.type(),
              namespace,
              name,
              current -> {
                boolean sameGeneration =
                    Objects.equals(current.getMetadata().getGeneration(), generation);
                boolean alreadyStarted =
                    stage == RolloutKind.Stage.PROGRESSING
                        && Objects.equals(kind.observedGeneration(current), generation);
                if (!sameGeneration || alreadyStarted) {
                  return null;
                }
                String hash = TemplateHash.of(kind.template(current));
                kind.sync(client, current, stage, hash);
                kind.setStatus(current, stage, hash, Instant.now());
                return current;
              });
      written.ifPresent(w -> scheduleNext(w, stage));
    } catch (RuntimeException e) {
      if (queue.isShutdown()) {
        return; // the API may already be gone while the sandbox shuts down
      }
      LOG.warn(
          "{} {}/{}: status update failed, retrying: {}",
          kind.type().getSimpleName(),
          namespace,
          name,
          e.toString());
      queue.schedule(() -> advance(seen, stage), 1, TimeUnit.SECONDS);
    }
  }

  private void scheduleNext(T workload, RolloutKind.Stage stage) {
    if (stage != RolloutKind.Stage.PROGRESSING) {
      return;
    }
    boolean stuck = UnpullableImages.firstIn(kind.template(workload).getSpec()).isPresent();
    if (!stuck) {
      later(workload, RolloutKind.Stage.COMPLETE, delay);
    } else {
      kind.progressDeadline(workload)
          .ifPresent(deadline -> later(workload, RolloutKind.Stage.DEADLINE_EXCEEDED, deadline));
    }
  }

  private void later(T workload, RolloutKind.Stage stage, Duration after) {
    queue.schedule(() -> advance(workload, stage), after.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }
}
