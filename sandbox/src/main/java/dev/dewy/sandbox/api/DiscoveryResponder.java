package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy discovery documents ({@code /version}, {@code /api}, {@code /apis}, resource lists)
 * kubectl and fabric8 read to map kinds and short names to URLs; CRDs appear as they are stored.
 */
public final class DiscoveryResponder {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> IN_ALL =
      List.of(
          "pods", "services", "deployments", "statefulsets", "daemonsets", "replicasets", "jobs");
  private final ResourceTypes types;

  public DiscoveryResponder(ResourceTypes types) {
    this.types = types;
  }

  /**
   * Whether the Accept header allows the legacy documents; a client that asks only for the
   * aggregated format (apidiscovery.k8s.io) gets 406 and, like kubectl, asks again.
   */
  public static boolean acceptsLegacy(String accept) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    for (String entry : accept.split(",")) {
      String type = entry.trim();
      if (type.startsWith("*/*")
          || type.equals("application/json")
          || (type.startsWith("application/json;") && !type.contains("as="))) {
        return true;
      }
    }
    return false;
  }

  /** The document for a discovery path, or null when the path is not one. */
  public ObjectNode answer(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (trimmed.equals("/version")) {
      return version();
    }
    if (trimmed.equals("/api")) {
      ObjectNode versions = JSON.objectNode().put("kind", "APIVersions");
      versions.putArray("versions").add("v1");
      versions.putArray("serverAddressByClientCIDRs");
      return versions;
    }
    if (trimmed.equals("/apis")) {
      return groups();
    }
    String[] parts = trimmed.split("/");
    if (parts.length == 3 && parts[1].equals("api")) {
      return resources("", parts[2]);
    }
    if (parts.length == 4 && parts[1].equals("apis")) {
      return resources(parts[2], parts[3]);
    }
    if (parts.length == 3 && parts[1].equals("apis")) {
      ObjectNode group = groupsByName().get(parts[2]);
      return group == null ? null : group.put("kind", "APIGroup").put("apiVersion", "v1");
    }
    return null;
  }

  /**
   * The Kubernetes release whose behaviour the sandbox follows, and that the tests compare it with
   * (testenv builds this one).
   */
  public static final String KUBERNETES_VERSION = "v1.34.4";

  /** {@code /version} as that release's kube-apiserver, built by testenv, answers. */
  private static ObjectNode version() {
    return JSON.objectNode()
        .put("major", "1")
        .put("minor", "34")
        .put("emulationMajor", "1")
        .put("emulationMinor", "34")
        .put("minCompatibilityMajor", "1")
        .put("minCompatibilityMinor", "33")
        .put("gitVersion", KUBERNETES_VERSION)
        .put("gitCommit", "$Format:%H$")
        .put("gitTreeState", "clean")
        .put("buildDate", "1970-01-01T00:00:00Z")
        .put("goVersion", "go1.26.8")
        .put("compiler", "gc")
        .put("platform", "linux/amd64");
  }

  private ObjectNode groups() {
    ObjectNode list = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    groupsByName().values().forEach(groups::add);
    return list;
  }

  private Map<String, ObjectNode> groupsByName() {
    Map<String, ObjectNode> groups = new LinkedHashMap<>();
    for (ResourceType type : types.all()) {
      if (type.group().isEmpty()) {
        continue;
      }
      ObjectNode group =
          groups.computeIfAbsent(
              type.group(),
              name -> {
                ObjectNode g = JSON.objectNode().put("name", name);
                g.putArray("versions");
                g.putObject("preferredVersion")
                    .put("groupVersion", type.apiVersion())
                    .put("version", type.version());
                return g;
              });
      ArrayNode versions = (ArrayNode) group.get("versions");
      boolean known = false;
      for (var v : versions) {
        known |= v.path("version").asText().equals(type.version());
      }
      if (!known) {
        versions.addObject().put("groupVersion", type.apiVersion()).put("version", type.version());
      }
    }
    return groups;
  }

  private ObjectNode resources(String group, String version) {
    List<ResourceType> served =
        types.all().stream()
            .filter(t -> t.group().equals(group) && t.version().equals(version))
            .toList();
    if (served.isEmpty()) {
      return null;
    }
    ObjectNode list = JSON.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : served) {
      ObjectNode resource =
          resource(
              resources,
              type.plural(),
              type,
              AccessReviews.serves(type) ? List.of("create") : VERBS);
      resource.put("singularName", type.singular());
      if (!type.shortNames().isEmpty()) {
        ArrayNode shortNames = resource.putArray("shortNames");
        type.shortNames().forEach(shortNames::add);
      }
      List<String> categories = new java.util.ArrayList<>(type.categories());
      if (!type.isCustom() && IN_ALL.contains(type.plural())) {
        categories.add("all");
      }
      if (!categories.isEmpty()) {
        ArrayNode names = resource.putArray("categories");
        categories.forEach(names::add);
      }
      if (type.statusSubresource()) {
        resource(resources, type.plural() + "/status", type, List.of("get", "patch", "update"));
      }
      if (ScaleSubresource.supports(type)) {
        resource(resources, type.plural() + "/scale", type, List.of("get", "patch", "update"))
            .put("group", "autoscaling")
            .put("version", "v1")
            .put("kind", "Scale");
      }
      if (type.plural().equals("pods") && group.isEmpty()) {
        resource(resources, "pods/log", type, List.of("get"));
      }
    }
    return list;
  }

  private static ObjectNode resource(
      ArrayNode resources, String name, ResourceType type, List<String> verbs) {
    ObjectNode resource = resources.addObject();
    resource.put("name", name).put("singularName", "").put("namespaced", type.namespaced());
    resource.put("kind", type.kind());
    ArrayNode verbList = resource.putArray("verbs");
    verbs.forEach(verbList::add);
    return resource;
  }
}
