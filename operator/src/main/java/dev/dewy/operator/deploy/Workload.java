package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Optional;

/** A target workload of any supported kind, seen through what the flow needs of it. */
public record Workload(TargetKind kind, HasMetadata object) {

  /** The workload's pod template (the part the operator patches and hooks inherit from). */
  public PodTemplateSpec template() {
    return switch (kind) {
      case Deployment -> ((Deployment) object).getSpec().getTemplate();
      case StatefulSet -> ((StatefulSet) object).getSpec().getTemplate();
      case DaemonSet -> ((DaemonSet) object).getSpec().getTemplate();
    };
  }

  public String name() {
    return object.getMetadata().getName();
  }

  /** Looks the target up in {@code namespace} only: the operator never reaches outside it. */
  public static Optional<Workload> find(
      KubernetesClient client, TargetKind kind, String namespace, String name) {
    return Optional.ofNullable(resource(client, kind, namespace, name).get())
        .map(object -> new Workload(kind, object));
  }

  /** The DewyDeployment that claimed the workload (annotation {@link Labels#OWNER}), if any. */
  public static Optional<String> owner(HasMetadata workload) {
    var annotations = workload.getMetadata().getAnnotations();
    boolean labelled =
        workload.getMetadata().getLabels() != null
            && "true".equals(workload.getMetadata().getLabels().get(Labels.TARGET));
    return labelled && annotations != null
        ? Optional.ofNullable(annotations.get(Labels.OWNER))
        : Optional.empty();
  }

  /** A handle on a workload that writes without reading it first. */
  public static Resource<? extends HasMetadata> stub(
      KubernetesClient client, TargetKind kind, String namespace, String name) {
    var meta =
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .build();
    return switch (kind) {
      case Deployment -> client.resource(new Deployment(null, null, meta, null, null));
      case StatefulSet -> client.resource(new StatefulSet(null, null, meta, null, null));
      case DaemonSet -> client.resource(new DaemonSet(null, null, meta, null, null));
    };
  }

  /** The API handle for a workload of {@code kind}, scoped to one namespace. */
  public static Resource<? extends HasMetadata> resource(
      KubernetesClient client, TargetKind kind, String namespace, String name) {
    return switch (kind) {
      case Deployment -> client.apps().deployments().inNamespace(namespace).withName(name);
      case StatefulSet -> client.apps().statefulSets().inNamespace(namespace).withName(name);
      case DaemonSet -> client.apps().daemonSets().inNamespace(namespace).withName(name);
    };
  }

  /** The workload's spec.selector: which pods are its own. */
  public static LabelSelector selector(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      return d.getSpec().getSelector();
    }
    if (workload instanceof StatefulSet s) {
      return s.getSpec().getSelector();
    }
    return ((DaemonSet) workload).getSpec().getSelector();
  }

  /** The Java class of a kind's objects, for informers. */
  public static Class<? extends HasMetadata> type(TargetKind kind) {
    return switch (kind) {
      case Deployment -> Deployment.class;
      case StatefulSet -> StatefulSet.class;
      case DaemonSet -> DaemonSet.class;
    };
  }
}
