package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dewy.sandbox.schema.FieldError;
import dev.dewy.sandbox.schema.InvalidStatus;
import java.util.List;
import java.util.Map;

/** Fields a real server refuses to change after create, such as a Job's pod template. */
final class ImmutableFields {
  private static final Map<String, List<String>> FIELDS =
      Map.of(
          "batch/jobs", List.of("/spec/template", "/spec/selector", "/spec/completions"),
          "apps/deployments", List.of("/spec/selector"),
          "apps/statefulsets", List.of("/spec/selector", "/spec/serviceName"),
          "apps/daemonsets", List.of("/spec/selector"));

  private ImmutableFields() {}

  /** Throws 422 Invalid naming the first immutable field the update changes. */
  static void check(ResourceType type, JsonNode current, JsonNode next) {
    for (String pointer : FIELDS.getOrDefault(type.storageKey(), List.of())) {
      if (!current.at(pointer).equals(next.at(pointer))) {
        String field = pointer.substring(1).replace('/', '.');
        // the server shows the new value as Go prints its internal type; this is its JSON
        FieldError error =
            new FieldError(
                FieldError.Type.INVALID,
                field,
                "Invalid value: " + next.at(pointer) + ": field is immutable");
        throw new ApiException(
            InvalidStatus.forObject(type.kind(), type.group(), Meta.name(current), List.of(error)));
      }
    }
  }
}
