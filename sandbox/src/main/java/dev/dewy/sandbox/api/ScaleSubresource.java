package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.sandbox.patch.PatchType;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** {@code deployments/scale} and friends: what {@code kubectl scale} reads and writes. */
final class ScaleSubresource {
  static final Set<String> SCALABLE =
      Set.of("apps/deployments", "apps/statefulsets", "apps/replicasets");

  private final ObjectStore store;
  private final ObjectWrites writes;

  ScaleSubresource(ObjectStore store, ObjectWrites writes) {
    this.store = store;
    this.writes = writes;
  }

  static boolean supports(ResourceType type) {
    return SCALABLE.contains(type.storageKey());
  }

  ApiResponse handle(ApiRequest request, ResourceType type, JsonNode body) {
    ApiPath path = request.path();
    return store.atomically(
        () -> {
          ObjectNode current = writes.existing(type, path.namespace(), path.name());
          if (request.method().equals("GET")) {
            return ApiResponse.json(200, view(current));
          }
          JsonNode scale =
              request.method().equals("PATCH")
                  ? PatchType.of(request.contentType()).apply(view(current), body, true)
                  : body;
          ObjectNode next = current.deepCopy();
          next.withObject("/spec").set("replicas", scale.path("spec").path("replicas"));
          String wanted = Meta.resourceVersion(scale);
          if (wanted != null) {
            Meta.metadata(next).put("resourceVersion", wanted);
          }
          ObjectNode stored =
              writes.update(type, path.namespace(), path.name(), next, request.writeOptions());
          return ApiResponse.json(200, view(stored));
        });
  }

  private static ObjectNode view(ObjectNode object) {
    ObjectNode scale = JsonNodeFactory.instance.objectNode();
    scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    for (String field :
        new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (object.path("metadata").has(field)) {
        meta.set(field, object.path("metadata").get(field));
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    status.put("selector", selector(object.path("spec").path("selector").path("matchLabels")));
    return scale;
  }

  private static String selector(JsonNode matchLabels) {
    StringBuilder text = new StringBuilder();
    Iterator<Map.Entry<String, JsonNode>> labels = matchLabels.fields();
    while (labels.hasNext()) {
      Map.Entry<String, JsonNode> label = labels.next();
      text.append(text.isEmpty() ? "" : ",")
          .append(label.getKey())
          .append('=')
          .append(label.getValue().asText());
    }
    return text.toString();
  }
}
