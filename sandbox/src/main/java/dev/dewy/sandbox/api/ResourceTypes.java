package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The resource types served: the built-ins plus one per served version of each stored CRD. */
public final class ResourceTypes {
  static final String CRDS = "apiextensions.k8s.io/customresourcedefinitions";

  private final ObjectStore store;
  private volatile List<ResourceType> custom = List.of();

  public ResourceTypes(ObjectStore store) {
    this.store = store;
    store.watch(CRDS, o -> true, "0", change -> refresh());
  }

  private void refresh() {
    List<ResourceType> types = new ArrayList<>();
    store.list(CRDS, null).forEach(crd -> types.addAll(fromCrd(crd)));
    custom = List.copyOf(types);
  }

  public List<ResourceType> all() {
    List<ResourceType> types = new ArrayList<>(BuiltInTypes.ALL);
    types.addAll(custom);
    return types;
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    return all().stream()
        .filter(
            t ->
                t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst();
  }

  /** The stored CRD that defines a custom type. */
  public ObjectNode crdOf(ResourceType type) {
    return store.get(CRDS, null, type.plural() + "." + type.group());
  }

  static List<ResourceType> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      List<JsonNode> columns = new ArrayList<>();
      version.path("additionalPrinterColumns").forEach(columns::add);
      types.add(
          new ResourceType(
              spec.path("group").asText(),
              version.path("name").asText(),
              names.path("plural").asText(),
              names.path("singular").asText(names.path("kind").asText().toLowerCase()),
              names.path("kind").asText(),
              !spec.path("scope").asText("Namespaced").equals("Cluster"),
              texts(names.path("shortNames")),
              texts(names.path("categories")),
              version.path("subresources").has("status"),
              columns,
              version.path("schema").path("openAPIV3Schema")));
    }
    return types;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
