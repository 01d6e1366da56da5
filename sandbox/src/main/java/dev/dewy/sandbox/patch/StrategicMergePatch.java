package dev.dewy.sandbox.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge patch for the lists the operator touches on built-in kinds: these merge by their
 * key and honour {@code $patch: delete|replace}; everything else behaves as a merge patch.
 */
public final class StrategicMergePatch {
  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("volumes", "name"),
          Map.entry("env", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("ports", "containerPort"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("conditions", "type"),
          Map.entry("ownerReferences", "uid"));
  private static final String DIRECTIVE = "$patch";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

  private StrategicMergePatch() {}

  /** Returns the patched copy of target; target itself is not changed. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    return mergeObject(target, patch);
  }

  private static JsonNode mergeObject(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    String directive = patch.path(DIRECTIVE).asText("");
    if (directive.equals("replace")) {
      ObjectNode replaced = ((ObjectNode) patch).deepCopy();
      replaced.remove(DIRECTIVE);
      return replaced;
    }
    ObjectNode result = MergePatch.objectCopy(target);
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        removeValues(result, name.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
      } else if (name.startsWith("$")) {
        continue; // $setElementOrder, $retainKeys: ordering and pruning hints only
      } else if (value.isNull() || value.path(DIRECTIVE).asText("").equals("delete")) {
        result.remove(name);
      } else if (value.isArray() && MERGE_KEYS.containsKey(name)) {
        result.set(name, mergeList(result.get(name), (ArrayNode) value, MERGE_KEYS.get(name)));
      } else {
        result.set(name, mergeObject(result.get(name), value));
      }
    }
    return result;
  }

  private static JsonNode mergeList(JsonNode target, ArrayNode patch, String key) {
    boolean replace = false;
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode element : patch) {
      if (element.path(DIRECTIVE).asText("").equals("replace")) {
        replace = true;
      }
    }
    if (!replace && target != null && target.isArray()) {
      target.forEach(items::add);
    }
    for (JsonNode element : patch) {
      String directive = element.path(DIRECTIVE).asText("");
      if (directive.equals("replace")) {
        continue;
      }
      int index = indexOf(items, key, element.get(key));
      if (directive.equals("delete")) {
        if (index >= 0) {
          items.remove(index);
        }
      } else if (index >= 0 && element.has(key)) {
        items.set(index, mergeObject(items.get(index), element));
      } else {
        items.add(mergeObject(null, element));
      }
    }
    ArrayNode result = patch.arrayNode();
    items.forEach(result::add);
    return result;
  }

  private static int indexOf(List<JsonNode> items, String key, JsonNode value) {
    if (value == null) {
      return -1;
    }
    for (int i = 0; i < items.size(); i++) {
      if (value.equals(items.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static void removeValues(ObjectNode result, String field, JsonNode values) {
    JsonNode list = result.get(field);
    if (!(list instanceof ArrayNode array)) {
      return;
    }
    for (int i = array.size() - 1; i >= 0; i--) {
      for (JsonNode value : values) {
        if (value.equals(array.get(i))) {
          array.remove(i);
          break;
        }
      }
    }
  }
}
