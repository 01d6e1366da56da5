package dev.dewy.sandbox.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Locale;

/** The patch formats a PATCH request can carry, told apart by its Content-Type. */
public enum PatchType {
  JSON,
  MERGE,
  STRATEGIC,
  APPLY;

  /** The type named by a Content-Type header, or null when it names none of them. */
  public static PatchType of(String contentType) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("application/json-patch+json")) return JSON;
    if (type.startsWith("application/merge-patch+json")) return MERGE;
    if (type.startsWith("application/strategic-merge-patch+json")) return STRATEGIC;
    if (type.startsWith("application/apply-patch")) return APPLY;
    return null;
  }

  /** Applies a patch of this type; arrays in merge patches are replaced, as RFC 7386 says. */
  public JsonNode apply(JsonNode target, JsonNode patch, boolean builtIn) {
    return switch (this) {
      case JSON -> JsonPatch.apply(patch, target);
      case MERGE -> MergePatch.apply(target, patch);
      case STRATEGIC -> StrategicMergePatch.apply(target, patch);
      case APPLY ->
          builtIn ? StrategicMergePatch.apply(target, patch) : MergePatch.apply(target, patch);
    };
  }
}
