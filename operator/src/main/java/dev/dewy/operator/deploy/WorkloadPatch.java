package dev.dewy.operator.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one change Dewy makes to a workload: the target container's image and the pod template's
 * {@code dewy.dev/version} annotation. Nothing else is written, so Argo CD can be told to ignore
 * exactly these fields.
 */
public final class WorkloadPatch {
  /** Pod template annotation carrying the deployed version. */
  public static final String VERSION_ANNOTATION = "dewy.dev/version";

  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkloadPatch() {}

  /** The pod template of a Deployment, StatefulSet or DaemonSet. */
  public static PodTemplateSpec podTemplate(HasMetadata workload) {
    PodTemplateSpec template;
    if (workload instanceof Deployment d) {
      template = d.getSpec() == null ? null : d.getSpec().getTemplate();
    } else if (workload instanceof StatefulSet s) {
      template = s.getSpec() == null ? null : s.getSpec().getTemplate();
    } else if (workload instanceof DaemonSet d) {
      template = d.getSpec() == null ? null : d.getSpec().getTemplate();
    } else {
      throw new IllegalArgumentException(
          workload.getKind() + " is not a Deployment, StatefulSet or DaemonSet");
    }
    if (template == null || template.getSpec() == null) {
      throw new IllegalArgumentException(describe(workload) + " has no pod template");
    }
    return template;
  }

  /** The container Dewy updates in {@code workload}: the named one, or the first. */
  public static Container targetContainer(HasMetadata workload, String containerName) {
    return targetContainer(podTemplate(workload).getSpec(), containerName, describe(workload));
  }

  /**
   * The named container, or the first when {@code containerName} is blank; {@code workload} (such
   * as {@code Deployment "myapp"}) names the owner in the error.
   */
  public static Container targetContainer(PodSpec pod, String containerName, String workload) {
    List<Container> containers = Optional.ofNullable(pod.getContainers()).orElse(List.of());
    if (containers.isEmpty()) {
      throw new InvalidSpecException("spec.target", workload + " has no containers");
    }
    if (containerName == null || containerName.isBlank()) {
      return containers.get(0);
    }
    return containers.stream()
        .filter(c -> containerName.equals(c.getName()))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidSpecException(
                    "spec.target.container",
                    "container \""
                        + containerName
                        + "\" not found in "
                        + workload
                        + " (it has: "
                        + containers.stream()
                            .map(Container::getName)
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  /** The version the workload runs now: its target container's image tag, if it has one. */
  public static Optional<String> currentVersion(Container target) {
    return Optional.ofNullable(
        ImageReference.parse(target.getImage(), "spec.target.container").tag());
  }

  /** The digest the target container's image is pinned to ({@code repo:tag@digest}), if any. */
  public static Optional<String> currentDigest(Container target) {
    return Optional.ofNullable(
        ImageReference.parse(target.getImage(), "spec.target.container").digest());
  }

  /**
   * Strategic merge patch: containers are merged by name, so only the target's image changes and
   * every other field and container is left as it is.
   */
  public static String strategicMerge(String containerName, String image, String version) {
    ObjectNode template = JSON.createObjectNode();
    template.putObject("metadata").putObject("annotations").put(VERSION_ANNOTATION, version);
    template
        .putObject("spec")
        .putArray("containers")
        .addObject()
        .put("name", containerName)
        .put("image", image);
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").set("template", template);
    return patch.toString();
  }

  /** {@code Deployment "myapp"}: how messages name a workload. */
  public static String describe(HasMetadata workload) {
    return workload.getKind() + " \"" + workload.getMetadata().getName() + "\"";
  }
}
