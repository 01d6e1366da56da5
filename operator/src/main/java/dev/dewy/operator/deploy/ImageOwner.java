package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who set a container's image, as kube-apiserver's managedFields record it: the field manager whose
 * entry owns {@code spec.template.spec.containers[name=C].image} ({@code kubectl-set} after {@code
 * kubectl set image}, {@code kubectl-rollout} after {@code kubectl rollout undo}).
 *
 * @param manager the field manager
 * @param time when that manager last wrote, as managedFields say; null when not recorded
 */
record ImageOwner(String manager, String time) {

  /** The owner of {@code container}'s image in {@code workload}, the latest writer if several. */
  static Optional<ImageOwner> of(HasMetadata workload, String container) {
    String item = "k:{\"name\":\"" + container + "\"}";
    return owner(
        workload, List.of("f:spec", "f:template", "f:spec", "f:containers", item, "f:image"));
  }

  /** The owner of annotation {@code key} of {@code resource}, the latest writer if several. */
  static Optional<ImageOwner> ofAnnotation(HasMetadata resource, String key) {
    return owner(resource, List.of("f:metadata", "f:annotations", "f:" + key));
  }

  private static Optional<ImageOwner> owner(HasMetadata resource, List<String> path) {
    List<ManagedFieldsEntry> entries = resource.getMetadata().getManagedFields();
    if (entries == null) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(
            e -> e.getFieldsV1() != null && owns(e.getFieldsV1().getAdditionalProperties(), path))
        .max(Comparator.comparing(e -> Objects.toString(e.getTime(), "")))
        .map(e -> new ImageOwner(e.getManager(), e.getTime()));
  }

  /** FieldsV1 names a field f:NAME and a list item by its key, such as k:{"name":"C"}. */
  private static boolean owns(Map<String, Object> fields, List<String> path) {
    Object node = fields;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
        return false;
      }
      node = map.get(key);
    }
    return true;
  }
}
