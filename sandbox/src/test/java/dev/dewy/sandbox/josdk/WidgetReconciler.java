package dev.dewy.sandbox.josdk;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A reconciler on JOSDK defaults: SSA status patches and an SSA-managed dependent ConfigMap. */
@ControllerConfiguration
@Workflow(dependents = @Dependent(type = WidgetReconciler.PartsConfigMap.class))
public class WidgetReconciler implements Reconciler<Widget> {
  public final AtomicInteger reconciliations = new AtomicInteger();

  @Override
  public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
    reconciliations.incrementAndGet();
    Widget patch = new Widget();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(widget.getMetadata().getName())
            .withNamespace(widget.getMetadata().getNamespace())
            .build());
    Widget.Status status = new Widget.Status();
    status.phase = "Ready";
    status.observedGeneration = widget.getMetadata().getGeneration();
    status.conditions =
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Reconciled")
                .withMessage("size " + widget.getSpec().size)
                .withLastTransitionTime("2026-01-01T00:00:00Z")
                .build());
    patch.setStatus(status);
    return UpdateControl.patchStatus(patch);
  }

  /** One ConfigMap per widget, holding its size. */
  public static class PartsConfigMap extends CRUDKubernetesDependentResource<ConfigMap, Widget> {
    public PartsConfigMap() {
      super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(Widget widget, Context<Widget> context) {
      return new ConfigMapBuilder()
          .withNewMetadata()
          .withName(widget.getMetadata().getName() + "-parts")
          .withNamespace(widget.getMetadata().getNamespace())
          .endMetadata()
          .addToData("size", String.valueOf(widget.getSpec().size))
          .build();
    }
  }
}
