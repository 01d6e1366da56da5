package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The first thing a pass does: check the spec, find the target and claim it, find the container. A
 * spec that cannot work stalls ({@link InvalidSpecException}); a target that is missing blocks and
 * is looked at again soon, then less often ({@link RolloutMachine#awaitingRetry}); one that belongs
 * to another DewyDeployment blocks until the poll interval.
 */
final class Observer {
  private Observer() {}

  static Observation observe(Pass pass) {
    DewyDeployment dd = pass.stored();
    CheckedSpec spec = SpecCheck.check(dd.getSpec());
    Conditions.remove(pass.status().getConditions(), Conditions.STALLED);
    TargetKind kind = dd.getSpec().getTarget().getKind();
    String name = dd.getSpec().getTarget().getName();
    Cluster cluster = pass.cluster();
    HasMetadata found =
        cluster
            .workload(kind, name)
            .orElseThrow(
                () ->
                    new BlockedException(
                        Reasons.TARGET_NOT_FOUND,
                        ("spec.target: %s \"%s\" not found in namespace \"%s\" (create it, or fix"
                                + " spec.target.kind and spec.target.name)")
                            .formatted(kind, name, dd.getMetadata().getNamespace())));
    HasMetadata workload = claimed(cluster, kind, found, dd, spec);
    Container container =
        WorkloadPatch.targetContainer(workload, dd.getSpec().getTarget().getContainer());
    String volume = dd.getSpec().getTarget().getVolume();
    if (volume != null && !volume.isBlank()) {
      ArtifactInitContainer.checkVolume(
          WorkloadPatch.podTemplate(workload).getSpec(), volume, WorkloadPatch.describe(workload));
    }
    return new Observation(
        dd, pass.now(), spec, new Workload(kind, workload), container, cluster, pass.secrets());
  }

  /**
   * The workload, claimed by this DewyDeployment: one owner per workload. A claim whose owner is
   * gone is taken over.
   */
  private static HasMetadata claimed(
      Cluster cluster, TargetKind kind, HasMetadata workload, DewyDeployment dd, CheckedSpec spec) {
    String self = dd.getMetadata().getName();
    String owner = Workload.owner(workload).orElse(null);
    if (self.equals(owner)) {
      return workload;
    }
    if (owner != null && cluster.dewyDeploymentExists(owner)) {
      throw new BlockedException(
          Reasons.TARGET_CLAIMED,
          ("spec.target: %s \"%s\" is deployed by DewyDeployment \"%s\" (annotation %s); a"
                  + " workload has one DewyDeployment: delete one of them or target another"
                  + " workload")
              .formatted(kind, workload.getMetadata().getName(), owner, Labels.OWNER),
          spec.interval());
    }
    return cluster.claim(kind, workload, self);
  }
}
