package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The java-operator-sdk entry point: wires the informers whose events move a rollout on (hook Jobs,
 * their Pods, target workloads) and hands each pass to the {@link RolloutMachine}.
 */
@ControllerConfiguration(name = DewyDeploymentReconciler.NAME)
public final class DewyDeploymentReconciler implements Reconciler<DewyDeployment> {
  public static final String NAME = "dewydeployment";
  private static final String TARGET_INDEX = "dewy.dev/target";
  private static final String MANAGED = Labels.MANAGED_BY + "=" + Labels.MANAGER;

  private final RolloutMachine machine;

  DewyDeploymentReconciler(DeployServices services) {
    this.machine = new RolloutMachine(services);
  }

  @Override
  public UpdateControl<DewyDeployment> reconcile(DewyDeployment dd, Context<DewyDeployment> ctx) {
    return machine.reconcile(dd, ctx);
  }

  @Override
  public List<EventSource<?, DewyDeployment>> prepareEventSources(
      EventSourceContext<DewyDeployment> context) {
    context.getPrimaryCache().addIndexer(TARGET_INDEX, dd -> List.of(targetKey(dd)));
    List<EventSource<?, DewyDeployment>> sources = new ArrayList<>();
    sources.add(owned(Job.class, context));
    sources.add(owned(Pod.class, context));
    for (TargetKind kind : TargetKind.values()) {
      sources.add(targets(kind, context));
    }
    return sources;
  }

  /** Unexpected errors still reach status, so kubectl shows them, and JOSDK retries. */
  @Override
  public ErrorStatusUpdateControl<DewyDeployment> updateErrorStatus(
      DewyDeployment dd, Context<DewyDeployment> context, Exception e) {
    if (dd.getStatus() == null) {
      dd.setStatus(new DewyDeploymentStatus());
    }
    List<Condition> conditions = dd.getStatus().getConditions();
    Conditions.set(
        conditions,
        Conditions.READY,
        Conditions.FALSE,
        "ReconcileError",
        String.valueOf(e.getMessage()),
        dd.getMetadata().getGeneration(),
        java.time.Instant.now());
    return ErrorStatusUpdateControl.patchStatus(dd);
  }

  /** Hook Jobs and their Pods carry the DewyDeployment's name as a label. */
  private static <R extends HasMetadata> EventSource<?, DewyDeployment> owned(
      Class<R> type, EventSourceContext<DewyDeployment> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, DewyDeployment.class)
            .withName(type.getSimpleName().toLowerCase() + "s")
            .withLabelSelector(MANAGED)
            .withNamespacesInheritedFromController()
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

  /** A workload event wakes every DewyDeployment that targets it, found by index. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static EventSource<?, DewyDeployment> targets(
      TargetKind kind, EventSourceContext<DewyDeployment> context) {
    Class type = Workload.type(kind);
    InformerEventSourceConfiguration config =
        InformerEventSourceConfiguration.from(type, DewyDeployment.class)
            .withName(kind.name().toLowerCase() + "s")
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(
                w ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            TARGET_INDEX,
                            key(
                                kind,
                                ((HasMetadata) w).getMetadata().getNamespace(),
                                ((HasMetadata) w).getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  private static String targetKey(DewyDeployment dd) {
    if (dd.getSpec() == null || dd.getSpec().getTarget() == null) {
      return "";
    }
    TargetKind kind = dd.getSpec().getTarget().getKind();
    return key(
        kind == null ? TargetKind.Deployment : kind,
        dd.getMetadata().getNamespace(),
        dd.getSpec().getTarget().getName());
  }

  private static String key(TargetKind kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
