package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.RolloutState;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Objects;

/**
 * Step 3: points the target container at the attempt's image and stamps the template with its
 * version, then reports the rollout as {@code kubectl rollout status} would judge it. Patching is
 * skipped when the template already carries both, so a resumed rollout is followed, not redone.
 */
final class WorkloadUpdater {
  static final String FIELD_MANAGER = "dewy-operator";

  private WorkloadUpdater() {}

  static RolloutStatus apply(Observation o, RolloutState attempt) {
    HasMetadata workload = o.workload().object();
    if (!isApplied(o, attempt)) {
      workload =
          o.cluster()
              .patch(
                  o.workload().kind(),
                  o.workload().name(),
                  WorkloadPatch.strategicMerge(
                      o.container().getName(), attempt.getImage(), attempt.getVersion()));
    }
    return RolloutStatus.of(workload);
  }

  /** Whether the workload already carries this attempt's image and version annotation. */
  static boolean isApplied(Observation o, RolloutState attempt) {
    Container container = o.container();
    Map<String, String> annotations =
        o.workload().template().getMetadata() == null
            ? null
            : o.workload().template().getMetadata().getAnnotations();
    String version = annotations == null ? null : annotations.get(WorkloadPatch.VERSION_ANNOTATION);
    return Objects.equals(container.getImage(), attempt.getImage())
        && Objects.equals(version, attempt.getVersion());
  }
}
