package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Objects;

/**
 * Step 3 of the flow: sets the target container's image and the pod template's version annotation,
 * and nothing else, as the field manager Argo CD can be told to ignore; then judges the rollout as
 * {@code kubectl rollout status} would.
 */
final class WorkloadUpdater {
  static final String FIELD_MANAGER = "dewy-operator";

  private final KubernetesClient client;

  WorkloadUpdater(KubernetesClient client) {
    this.client = client;
  }

  RolloutStatus apply(Reconciliation r) {
    RolloutState rollout = r.rollout();
    HasMetadata workload = r.workload.object();
    if (!isApplied(r, rollout)) {
      PatchContext patch =
          new PatchContext.Builder()
              .withPatchType(PatchType.STRATEGIC_MERGE)
              .withFieldManager(FIELD_MANAGER)
              .build();
      workload =
          Workload.resource(client, r.workload.kind(), r.namespace(), r.workload.name())
              .patch(
                  patch,
                  WorkloadPatch.strategicMerge(
                      r.container.getName(), rollout.getImage(), rollout.getVersion()));
      r.workload = new Workload(r.workload.kind(), workload);
    }
    return RolloutStatus.of(workload);
  }

  /** Whether the workload already carries this attempt's image and version annotation. */
  static boolean isApplied(Reconciliation r, RolloutState rollout) {
    Container container = r.container;
    Map<String, String> annotations =
        r.workload.template().getMetadata() == null
            ? null
            : r.workload.template().getMetadata().getAnnotations();
    String version = annotations == null ? null : annotations.get(WorkloadPatch.VERSION_ANNOTATION);
    return Objects.equals(container.getImage(), rollout.getImage())
        && Objects.equals(version, rollout.getVersion());
  }
}
