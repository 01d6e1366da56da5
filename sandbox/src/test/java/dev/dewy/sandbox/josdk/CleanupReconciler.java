package dev.dewy.sandbox.josdk;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A reconciler with cleanup, so JOSDK puts a finalizer on each Widget and removes it on delete. */
@ControllerConfiguration
public class CleanupReconciler implements Reconciler<Widget>, Cleaner<Widget> {
  public final List<String> cleanedUp = new CopyOnWriteArrayList<>();

  @Override
  public UpdateControl<Widget> reconcile(Widget widget, Context<Widget> context) {
    return UpdateControl.noUpdate();
  }

  @Override
  public DeleteControl cleanup(Widget widget, Context<Widget> context) {
    cleanedUp.add(widget.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }
}
