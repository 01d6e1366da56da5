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
    List<ManagedFieldsEntry> entries = workload.getMetadata().getManagedFields();
    if (entries == null) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(
            e ->
                e.getFieldsV1() != null
                    && ownsImage(e.getFieldsV1().getAdditionalProperties(), container))
        .max(Comparator.comparing(e -> Objects.toString(e.getTime(), "")))
        .map(e -> new ImageOwner(e.getManager(), e.getTime()));
  }

  /** FieldsV1 names a field f:NAME and a list item by its key k:{"name":"C"}. */
  private static boolean ownsImage(Map<String, Object> fields, String container) {
    String item = "k:{\"name\":\"" + container + "\"}";
    Object node = fields;
    for (String key : List.of("f:spec", "f:template", "f:spec", "f:containers", item, "f:image")) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
        return false;
      }
      node = map.get(key);
    }
    return true;
  }
}
