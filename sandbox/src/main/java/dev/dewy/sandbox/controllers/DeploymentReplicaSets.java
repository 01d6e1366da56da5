package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Deployment's ReplicaSets, kept as the deployment controller keeps them, so that {@code kubectl
 * get rs}, {@code rollout history} and {@code rollout undo} work: one ReplicaSet per pod template
 * ({@code NAME-HASH}, labelled {@code pod-template-hash}, controlled by the Deployment), numbered
 * by the {@code deployment.kubernetes.io/revision} annotation that the Deployment carries too; a
 * template seen before gets its ReplicaSet back under a new revision. When a rollout completes the
 * new ReplicaSet has every replica and the old ones none; old ones beyond {@code
 * revisionHistoryLimit} are deleted. The ReplicaSets create no pods.
 */
final class DeploymentReplicaSets {
  static final String HASH_LABEL = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
  private static final Set<String> NOT_COPIED =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          REVISION,
          REVISION_HISTORY,
          DESIRED_REPLICAS,
          MAX_REPLICAS,
          "deprecated.deployment.rollback.to");
  private static final int REVISION_HISTORY_CHARS = 500;

  private DeploymentReplicaSets() {}

  /**
   * Brings the ReplicaSets of {@code deployment} to {@code stage} of its rollout to the template
   * whose hash is {@code hash}, and records the new revision on the Deployment.
   */
  static void sync(
      KubernetesClient client, Deployment deployment, RolloutKind.Stage stage, String hash) {
    String namespace = deployment.getMetadata().getNamespace();
    List<ReplicaSet> owned = owned(client, deployment);
    ReplicaSet current =
        owned.stream()
            .filter(rs -> hash.equals(labels(rs).get(HASH_LABEL)))
            .findFirst()
            .orElse(null);
    long oldMax =
        owned.stream()
            .filter(rs -> rs != current)
            .mapToLong(DeploymentReplicaSets::revision)
            .max()
            .orElse(0);
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    if (current == null) {
      ReplicaSet created =
          client
              .apps()
              .replicaSets()
              .inNamespace(namespace)
              .resource(newReplicaSet(deployment, hash, oldMax + 1, replicas))
              .create();
      owned.add(created);
      recordRevision(client, deployment, oldMax + 1);
    } else {
      ReplicaSet updated = renumbered(deployment, current, oldMax + 1);
      if (stage == RolloutKind.Stage.COMPLETE) {
        updated.getSpec().setReplicas(replicas);
        annotations(updated).put(DESIRED_REPLICAS, String.valueOf(replicas));
        annotations(updated).put(MAX_REPLICAS, String.valueOf(replicas + maxSurge(deployment)));
      }
      if (!updated.equals(current)) {
        client.apps().replicaSets().inNamespace(namespace).resource(updated).update();
      }
      recordRevision(client, deployment, revision(updated));
    }
    if (stage == RolloutKind.Stage.COMPLETE) {
      complete(client, deployment, hash, replicas);
    }
  }

  private static void complete(
      KubernetesClient client, Deployment deployment, String hash, int replicas) {
    List<ReplicaSet> old = new ArrayList<>();
    for (ReplicaSet rs : owned(client, deployment)) {
      boolean isNew = hash.equals(labels(rs).get(HASH_LABEL));
      if (!isNew && !Objects.equals(rs.getSpec().getReplicas(), 0)) {
        rs.getSpec().setReplicas(0);
        rs = client.apps().replicaSets().resource(rs).update();
      }
      int count = isNew ? replicas : 0;
      ReplicaSetStatus status =
          isNew
              ? new ReplicaSetStatusBuilder()
                  .withReplicas(count)
                  .withFullyLabeledReplicas(count)
                  .withReadyReplicas(count)
                  .withAvailableReplicas(count)
                  .withObservedGeneration(rs.getMetadata().getGeneration())
                  .build()
              : new ReplicaSetStatusBuilder()
                  .withReplicas(0)
                  .withObservedGeneration(rs.getMetadata().getGeneration())
                  .build();
      if (!status.equals(rs.getStatus())) {
        rs.setStatus(status);
        rs = client.apps().replicaSets().resource(rs).updateStatus();
      }
      if (!isNew) {
        old.add(rs);
      }
    }
    int limit = Objects.requireNonNullElse(deployment.getSpec().getRevisionHistoryLimit(), 10);
    old.sort(Comparator.comparingLong(DeploymentReplicaSets::revision));
    for (int i = 0; i < old.size() - limit; i++) {
      client.apps().replicaSets().resource(old.get(i)).delete();
    }
  }

  private static ReplicaSet newReplicaSet(
      Deployment deployment, String hash, long revision, int replicas) {
    PodTemplateSpec template = Serialization.clone(deployment.getSpec().getTemplate());
    Map<String, String> podLabels = new LinkedHashMap<>();
    if (template.getMetadata().getLabels() != null) {
      podLabels.putAll(template.getMetadata().getLabels());
    }
    podLabels.put(HASH_LABEL, hash);
    template.getMetadata().setLabels(podLabels);
    // the sandbox does not refuse a Deployment without a selector, as a server would
    var declared = deployment.getSpec().getSelector();
    Map<String, String> selector = new LinkedHashMap<>();
    if (declared != null && declared.getMatchLabels() != null) {
      selector.putAll(declared.getMatchLabels());
    }
    selector.put(HASH_LABEL, hash);
    Map<String, String> annotations = copiedAnnotations(deployment);
    annotations.put(DESIRED_REPLICAS, String.valueOf(replicas));
    annotations.put(MAX_REPLICAS, String.valueOf(replicas + maxSurge(deployment)));
    annotations.put(REVISION, String.valueOf(revision));
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(deployment.getMetadata().getName() + "-" + hash)
        .withNamespace(deployment.getMetadata().getNamespace())
        .withLabels(podLabels)
        .withAnnotations(annotations)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName(deployment.getMetadata().getName())
                .withUid(deployment.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withMinReadySeconds(deployment.getSpec().getMinReadySeconds())
        .withNewSelector()
        .withMatchLabels(selector)
        .withMatchExpressions(declared == null ? null : declared.getMatchExpressions())
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /**
   * The ReplicaSet of a template seen before, as it is when it serves again: the Deployment's
   * annotations copied, its revision the newest, the one it had kept in its revision history.
   */
  private static ReplicaSet renumbered(Deployment deployment, ReplicaSet rs, long newest) {
    ReplicaSet next = Serialization.clone(rs);
    Map<String, String> annotations = annotations(next);
    annotations.keySet().removeIf(k -> !NOT_COPIED.contains(k));
    annotations.putAll(copiedAnnotations(deployment));
    long old = revision(rs);
    if (old < newest) {
      annotations.put(REVISION, String.valueOf(newest));
      if (old > 0) {
        String history = annotations.getOrDefault(REVISION_HISTORY, "");
        List<String> revisions =
            new ArrayList<>(history.isEmpty() ? List.of() : List.of(history.split(",")));
        revisions.add(String.valueOf(old));
        while (String.join(",", revisions).length() > REVISION_HISTORY_CHARS) {
          revisions.remove(0);
        }
        annotations.put(REVISION_HISTORY, String.join(",", revisions));
      }
    }
    return next;
  }

  /** The Deployment carries its newest ReplicaSet's revision. */
  private static void recordRevision(
      KubernetesClient client, Deployment deployment, long revision) {
    Map<String, String> annotations = deployment.getMetadata().getAnnotations();
    String wanted = String.valueOf(revision);
    if (annotations != null && wanted.equals(annotations.get(REVISION))) {
      return;
    }
    client
        .apps()
        .deployments()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + REVISION + "\":\"" + wanted + "\"}}}");
  }

  private static List<ReplicaSet> owned(KubernetesClient client, Deployment deployment) {
    List<ReplicaSet> owned = new ArrayList<>();
    for (ReplicaSet rs :
        client
            .apps()
            .replicaSets()
            .inNamespace(deployment.getMetadata().getNamespace())
            .list()
            .getItems()) {
      boolean controlled =
          rs.getMetadata().getOwnerReferences() != null
              && rs.getMetadata().getOwnerReferences().stream()
                  .anyMatch(
                      o ->
                          Boolean.TRUE.equals(o.getController())
                              && deployment.getMetadata().getUid().equals(o.getUid()));
      if (controlled) {
        owned.add(rs);
      }
    }
    return owned;
  }

  private static Map<String, String> copiedAnnotations(Deployment deployment) {
    Map<String, String> copied = new LinkedHashMap<>();
    if (deployment.getMetadata().getAnnotations() != null) {
      deployment.getMetadata().getAnnotations().entrySet().stream()
          .filter(e -> !NOT_COPIED.contains(e.getKey()))
          .forEach(e -> copied.put(e.getKey(), e.getValue()));
    }
    return copied;
  }

  /** The surge a rolling update allows: {@code maxSurge} of the replicas, rounded up. */
  static int maxSurge(Deployment deployment) {
    var strategy = deployment.getSpec().getStrategy();
    if (strategy == null || !"RollingUpdate".equals(strategy.getType())) {
      return 0;
    }
    IntOrString surge =
        strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getMaxSurge();
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    if (surge == null) {
      return (int) Math.ceil(replicas * 0.25);
    }
    if (surge.getIntVal() != null) {
      return surge.getIntVal();
    }
    String percent = surge.getStrVal().replace("%", "");
    return (int) Math.ceil(replicas * Integer.parseInt(percent) / 100.0);
  }

  private static long revision(ReplicaSet rs) {
    try {
      return Long.parseLong(annotations(rs).getOrDefault(REVISION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, String> labels(ReplicaSet rs) {
    return rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
  }

  private static Map<String, String> annotations(ReplicaSet rs) {
    if (rs.getMetadata().getAnnotations() == null) {
      rs.getMetadata().setAnnotations(new HashMap<>());
    }
    return rs.getMetadata().getAnnotations();
  }
}
