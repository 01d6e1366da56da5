package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The java-operator-sdk entry point: wires the informers whose events move a rollout on (hook Jobs,
 * their Pods, claimed target workloads) and runs one {@link Pass} of the {@link RolloutMachine} per
 * event. It sees every event, deletions included, and frees a deleted DewyDeployment's state then,
 * instead of holding its deletion up with a finalizer.
 */
@ControllerConfiguration(
    name = DewyDeploymentReconciler.NAME,
    triggerReconcilerOnAllEvents = true,
    informer = @Informer(itemStore = PrunedCache.DewyDeployments.class),
    // an annotation (dewy.dev/retry) is a request too, and does not bump metadata.generation
    generationAwareEventProcessing = false)
public final class DewyDeploymentReconciler implements Reconciler<DewyDeployment> {
  public static final String NAME = "dewydeployment";
  static final String JOBS = "jobs";
  static final String PODS = "pods";
  private static final Logger log = LoggerFactory.getLogger(DewyDeploymentReconciler.class);
  private static final String MANAGED = Labels.MANAGED_BY + "=" + Labels.MANAGER;
  private static final String TARGETS = Labels.TARGET + "=true";

  private final DeployServices services;
  private final Map<ResourceID, Pass> unfinished = new ConcurrentHashMap<>();
  private final Map<ResourceID, java.util.concurrent.atomic.AtomicLong> passes =
      new ConcurrentHashMap<>();

  DewyDeploymentReconciler(DeployServices services) {
    this.services = services;
  }

  @Override
  public UpdateControl<DewyDeployment> reconcile(DewyDeployment dd, Context<DewyDeployment> ctx) {
    if (ctx.isPrimaryResourceDeleted()) {
      cleanUp(dd, ctx);
      return UpdateControl.noUpdate();
    }
    long started = System.nanoTime();
    ApiCluster cluster = cluster(dd, ctx);
    Pass pass = new Pass(dd, services.clock().instant(), cluster);
    ResourceID id = ResourceID.fromResource(dd);
    unfinished.put(id, pass);
    StatusRecorder.Step step = services.machine().run(pass);
    unfinished.remove(id);
    passes.computeIfAbsent(id, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
    if (!pass.wrote() && !cluster.acted()) {
      services.meters().noopPass(Duration.ofNanos(System.nanoTime() - started));
    }
    observed(dd, pass.status());
    return step.after() == null
        ? UpdateControl.noUpdate()
        : UpdateControl.<DewyDeployment>noUpdate().rescheduleAfter(step.after());
  }

  /** The versions and the last successful deploy, as status has them now, for /metrics. */
  private void observed(DewyDeployment dd, DewyDeploymentStatus status) {
    services
        .meters()
        .observed(
            dd.getMetadata().getNamespace(),
            dd.getMetadata().getName(),
            status.getCurrentVersion(),
            status.getLatestVersion(),
            History.lastSucceeded(status.getHistory()).orElse(null));
  }

  /** How many passes over {@code id} have ended, errors aside: what "it looked again" means. */
  long passes(ResourceID id) {
    var count = passes.get(id);
    return count == null ? 0 : count.get();
  }

  /** The deleted DewyDeployment's notification channel, throttle and series go, and its claim. */
  private void cleanUp(DewyDeployment dd, Context<DewyDeployment> ctx) {
    unfinished.remove(ResourceID.fromResource(dd));
    passes.remove(ResourceID.fromResource(dd));
    services.notifier().forget(dd.getMetadata().getNamespace(), dd.getMetadata().getName());
    services.meters().forget(dd.getMetadata().getNamespace(), dd.getMetadata().getName());
    var target = dd.getSpec() == null ? null : dd.getSpec().getTarget();
    if (target == null || target.getKind() == null || target.getName() == null) {
      return;
    }
    try {
      cluster(dd, ctx).release(target.getKind(), target.getName(), dd.getMetadata().getName());
    } catch (KubernetesClientException e) {
      log.atWarn()
          .addKeyValue("namespace", dd.getMetadata().getNamespace())
          .addKeyValue("name", dd.getMetadata().getName())
          .addKeyValue("error", e.getMessage())
          .log("Could not release the target's claim");
    }
  }

  private ApiCluster cluster(DewyDeployment dd, Context<DewyDeployment> ctx) {
    return new ApiCluster(services.client(), ctx, dd.getMetadata().getNamespace());
  }

  @Override
  public List<EventSource<?, DewyDeployment>> prepareEventSources(
      EventSourceContext<DewyDeployment> context) {
    List<EventSource<?, DewyDeployment>> sources = new ArrayList<>();
    sources.add(owned(Job.class, JOBS, context));
    sources.add(owned(Pod.class, PODS, context));
    for (TargetKind kind : TargetKind.values()) {
      sources.add(targets(kind, context));
    }
    sources.add(services.pushes().eventSource(context));
    return sources;
  }

  /**
   * An unexpected error reaches status, written from the freshest status this pass saved (not the
   * older copy JOSDK holds), and JOSDK retries; after its last retry the resource is looked at
   * again at spec.interval, so that polling never stops.
   */
  @Override
  public ErrorStatusUpdateControl<DewyDeployment> updateErrorStatus(
      DewyDeployment dd, Context<DewyDeployment> context, Exception e) {
    Pass pass = unfinished.remove(ResourceID.fromResource(dd));
    if (pass == null) {
      pass = new Pass(dd, services.clock().instant(), cluster(dd, context));
    }
    boolean last = context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false);
    return errorStatus(pass, e, last, interval(dd));
  }

  /**
   * Marks Ready False with the failure's message on top of the last status this pass saved (what it
   * wrote before failing stands), and after the last retry looks again after {@code interval}
   * rather than never. A status write that fails too is logged; the failure is reported anyway.
   */
  static ErrorStatusUpdateControl<DewyDeployment> errorStatus(
      Pass pass, Exception e, boolean lastAttempt, Duration interval) {
    DewyDeployment dd = pass.stored();
    log.atError()
        .setCause(e)
        .addKeyValue("namespace", dd.getMetadata().getNamespace())
        .addKeyValue("name", dd.getMetadata().getName())
        .log("Reconcile failed");
    Pass fresh = new Pass(dd, pass.now(), pass.cluster());
    Conditions.set(
        fresh.status().getConditions(),
        Conditions.READY,
        Conditions.FALSE,
        Reasons.RECONCILE_ERROR,
        String.valueOf(e.getMessage()),
        dd.getMetadata().getGeneration(),
        fresh.now());
    try {
      fresh.save();
    } catch (KubernetesClientException writeFailed) {
      log.atWarn().addKeyValue("error", writeFailed.getMessage()).log("Error status not written");
    }
    ErrorStatusUpdateControl<DewyDeployment> control = ErrorStatusUpdateControl.noStatusUpdate();
    return lastAttempt ? control.rescheduleAfter(interval) : control;
  }

  /** spec.interval, or the default when the spec does not say or cannot be read. */
  static Duration interval(DewyDeployment dd) {
    try {
      return SpecCheck.check(dd.getSpec()).interval();
    } catch (RuntimeException e) {
      return Duration.ofMinutes(1);
    }
  }

  /** Hook Jobs and their Pods carry the DewyDeployment's name as a label. */
  private static <R extends HasMetadata> EventSource<?, DewyDeployment> owned(
      Class<R> type, String name, EventSourceContext<DewyDeployment> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, DewyDeployment.class)
            .withName(name)
            .withLabelSelector(MANAGED)
            .withNamespacesInheritedFromController()
            .withItemStore(PrunedCache.<R>store())
            .withSecondaryToPrimaryMapper(
                (R r) -> {
                  String owner =
                      r.getMetadata().getLabels() == null
                          ? null
                          : r.getMetadata().getLabels().get(Labels.DEPLOYMENT);
                  return owner == null
                      ? Set.of()
                      : Set.of(new ResourceID(owner, r.getMetadata().getNamespace()));
                })
            .build(),
        context);
  }

  /**
   * Claimed workloads only (label dewy.dev/target), so the cache holds the targets and not every
   * workload of the cluster; an event wakes the DewyDeployment that claimed it.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static EventSource<?, DewyDeployment> targets(
      TargetKind kind, EventSourceContext<DewyDeployment> context) {
    Class type = Workload.type(kind);
    InformerEventSourceConfiguration config =
        InformerEventSourceConfiguration.from(type, DewyDeployment.class)
            .withName(sourceName(kind))
            .withLabelSelector(TARGETS)
            .withNamespacesInheritedFromController()
            .withItemStore(PrunedCache.store())
            .withSecondaryToPrimaryMapper(
                w -> {
                  HasMetadata workload = (HasMetadata) w;
                  return Workload.owner(workload)
                      .map(
                          owner ->
                              Set.of(new ResourceID(owner, workload.getMetadata().getNamespace())))
                      .orElse(Set.of());
                })
            .build();
    return new InformerEventSource<>(config, context);
  }

  /** The name of the informer of target workloads of {@code kind}. */
  static String sourceName(TargetKind kind) {
    return kind.name().toLowerCase() + "s";
  }
}
