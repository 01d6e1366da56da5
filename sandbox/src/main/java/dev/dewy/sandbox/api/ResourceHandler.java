package dev.dewy.sandbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dewy.sandbox.PodLogs;
import dev.dewy.sandbox.patch.PatchType;
import java.util.List;

/** The verbs on resource paths: get, list, create, update, patch (all four kinds), delete. */
public final class ResourceHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ObjectStore store;
  private final ResourceTypes types;
  private final ObjectWrites writes;
  private final ScaleSubresource scale;
  private final TableResponder tables;
  private final PodLogs logs;

  public ResourceHandler(
      ObjectStore store,
      ResourceTypes types,
      ObjectWrites writes,
      TableResponder tables,
      PodLogs logs) {
    this.store = store;
    this.types = types;
    this.writes = writes;
    this.scale = new ScaleSubresource(store, writes);
    this.tables = tables;
    this.logs = logs;
  }

  public ResourceType typeOf(ApiPath path) {
    return types
        .find(path.group(), path.version(), path.plural())
        .orElseThrow(() -> ApiException.noSuchResource());
  }

  /** Whether any resource is served under the group and version. */
  public boolean servesGroupVersion(String group, String version) {
    return types.all().stream()
        .anyMatch(t -> t.group().equals(group) && t.version().equals(version));
  }

  public ApiResponse handle(ApiRequest request) {
    ApiPath path = request.path();
    ResourceType type = typeOf(path);
    if (AccessReviews.serves(type)) {
      return AccessReviews.answer(
          request, type, request.method().equals("POST") ? parseObject(request) : null);
    }
    String sub = path.subresource();
    if ("scale".equals(sub) && ScaleSubresource.supports(type)) {
      return scale.handle(request, type, request.method().equals("GET") ? null : parse(request));
    }
    if (sub != null
        && !sub.equals("status")
        && !(sub.equals("log") && type.plural().equals("pods"))) {
      throw ApiException.noSuchResource();
    }
    WriteOptions options = request.writeOptions();
    try {
      return respond(request, type, options).withWarnings(options.warnings());
    } catch (ApiException e) {
      return ApiResponse.json(e.code(), e.toStatus()).withWarnings(options.warnings());
    }
  }

  private ApiResponse respond(ApiRequest request, ResourceType type, WriteOptions options) {
    ApiPath path = request.path();
    return switch (request.method()) {
      case "GET" -> get(request, type);
      case "POST" ->
          ApiResponse.json(
              201,
              present(
                  type,
                  writes.create(
                      storedAs(type),
                      path.namespace(),
                      stored(type, parseObject(request)),
                      options)));
      case "PUT" -> ApiResponse.json(200, present(type, put(request, type, options)));
      case "PATCH" -> patch(request, type, options.asPatch());
      case "DELETE" -> delete(request, type);
      default ->
          throw ApiException.withDetails(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the requested resource",
              ApiException.noDetails());
    };
  }

  private ApiResponse get(ApiRequest request, ResourceType type) {
    ApiPath path = request.path();
    if (path.isCollection()) {
      return ApiResponse.json(200, list(request, type));
    }
    ObjectNode object = writes.existing(type, path.namespace(), path.name());
    if ("log".equals(path.subresource())) {
      return ApiResponse.text(
          logs.logs(path.namespace(), path.name(), request.param("container")).orElse(""));
    }
    if (request.wantsTable()) {
      return ApiResponse.json(
          200,
          tables.table(type, List.of(present(type, object)), Meta.resourceVersion(object), true));
    }
    return ApiResponse.json(200, present(type, object));
  }

  private JsonNode list(ApiRequest request, ResourceType type) {
    var filter = Selectors.of(request.param("labelSelector"), request.param("fieldSelector"));
    String version;
    List<ObjectNode> items;
    synchronized (store) {
      version = Long.toString(store.currentVersion());
      items =
          store.list(type.storageKey(), request.path().namespace()).stream()
              .map(o -> present(type, o))
              .filter(filter)
              .toList();
    }
    if (request.wantsTable()) {
      return tables.table(type, items, version, true);
    }
    ObjectNode list = JsonNodeFactory.instance.objectNode();
    list.put("apiVersion", type.apiVersion()).put("kind", type.kind() + "List");
    list.putObject("metadata").put("resourceVersion", version);
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }

  private ObjectNode put(ApiRequest request, ResourceType type, WriteOptions options) {
    ApiPath path = request.path();
    ObjectNode body = stored(type, parseObject(request));
    if ("status".equals(path.subresource())) {
      return writes.updateStatus(storedAs(type), path.namespace(), path.name(), body, options);
    }
    return writes.update(storedAs(type), path.namespace(), path.name(), body, options);
  }

  private ApiResponse patch(ApiRequest request, ResourceType type, WriteOptions options) {
    ApiPath path = request.path();
    PatchType patchType = PatchType.of(request.contentType());
    // custom resources have no strategic merge patch: they declare no patch strategies
    if (patchType == null || (patchType == PatchType.STRATEGIC && type.isCustom())) {
      throw unsupportedPatch(request.contentType(), type);
    }
    JsonNode patch = parse(request);
    boolean status = "status".equals(path.subresource());
    return store.atomically(
        () -> {
          ObjectNode current = store.get(type.storageKey(), path.namespace(), path.name());
          if (current == null && patchType == PatchType.APPLY && !status) {
            return ApiResponse.json(
                201,
                present(
                    type,
                    writes.create(
                        storedAs(type),
                        path.namespace(),
                        stored(type, withName((ObjectNode) patch, path)),
                        options)));
          }
          if (current == null) {
            throw ApiException.notFound(type, path.name());
          }
          ObjectNode patched =
              stored(
                  type,
                  (ObjectNode)
                      patchType.apply(
                          present(type, current), stripManagedFields(patch), !type.isCustom()));
          ResourceType storedType = storedAs(type);
          ObjectNode result =
              status
                  ? writes.updateStatus(storedType, path.namespace(), path.name(), patched, options)
                  : writes.update(storedType, path.namespace(), path.name(), patched, options);
          return ApiResponse.json(200, present(type, result));
        });
  }

  /** The type an object of {@code type} is stored as: core/v1 for events.k8s.io/v1 Events. */
  private ResourceType storedAs(ResourceType type) {
    return EventVersions.isEventsV1(type)
        ? typeOf(new ApiPath("", "v1", null, "events", null, null))
        : type;
  }

  /** A written object in the shape it is stored in. */
  private static ObjectNode stored(ResourceType type, ObjectNode object) {
    return EventVersions.isEventsV1(type) ? EventVersions.toCore(object) : object;
  }

  /**
   * 415 for a PATCH body the type cannot take: a media type that is no JSON or YAML at all is
   * refused before the handler, with the bare HTTP text, as the server's content negotiation does;
   * a JSON one that names no patch the type supports (a strategic merge patch of a custom resource)
   * gets the list of those it does.
   */
  private static ApiException unsupportedPatch(String contentType, ResourceType type) {
    String media = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    if (!media.contains("json") && !media.contains("yaml")) {
      return ApiException.withDetails(
          415, "UnsupportedMediaType", "415: Unsupported Media Type", ApiException.noDetails());
    }
    return new ApiException(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, "
            + "application/apply-patch+yaml"
            + (type.isCustom() ? "" : ", application/strategic-merge-patch+json"));
  }

  private ApiResponse delete(ApiRequest request, ResourceType type) {
    ApiPath path = request.path();
    boolean orphan =
        request.body() != null && request.body().contains("\"Orphan\"")
            || "Orphan".equals(request.param("propagationPolicy"));
    if (path.isCollection()) {
      var filter = Selectors.of(request.param("labelSelector"), request.param("fieldSelector"));
      ObjectNode list = (ObjectNode) list(request, type);
      for (JsonNode item : store.list(type.storageKey(), path.namespace())) {
        if (filter.test(item)) {
          writes.delete(type, Meta.namespace(item), Meta.name(item), orphan, request.dryRun());
        }
      }
      return ApiResponse.json(200, list);
    }
    ObjectNode deleted =
        present(type, writes.delete(type, path.namespace(), path.name(), orphan, request.dryRun()));
    boolean gone = !deleted.path("metadata").has("deletionTimestamp");
    if (gone && !RETURN_DELETED_OBJECT.contains(type.storageKey())) {
      return ApiResponse.json(200, deletedStatus(type, deleted));
    }
    return ApiResponse.json(200, deleted);
  }

  /**
   * The kinds whose DELETE answers with the deleted object, as their registries are configured in
   * kube-apiserver ({@code ReturnDeletedObject}); the others answer a Success Status once the
   * object is gone. An object that stays for its finalizers is returned by all.
   */
  private static final java.util.Set<String> RETURN_DELETED_OBJECT =
      java.util.Set.of("/pods", "/services", "/serviceaccounts", "/namespaces");

  private static ObjectNode deletedStatus(ResourceType type, ObjectNode deleted) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    ObjectNode details = ApiException.details(type, Meta.name(deleted));
    if (Meta.uid(deleted) != null) {
      details.put("uid", Meta.uid(deleted));
    }
    status.set("details", details);
    return status;
  }

  /** The object as a client of this type's version sees it. */
  public static ObjectNode present(ResourceType type, ObjectNode object) {
    if (EventVersions.isEventsV1(type)) {
      EventVersions.toEventsV1(object);
    }
    object.put("apiVersion", type.apiVersion());
    object.put("kind", type.kind());
    return object;
  }

  private static ObjectNode withName(ObjectNode body, ApiPath path) {
    Meta.metadata(body).put("name", path.name());
    return body;
  }

  private static JsonNode stripManagedFields(JsonNode patch) {
    if (patch.path("metadata") instanceof ObjectNode meta) {
      meta.remove("managedFields");
    }
    return patch;
  }

  private static ObjectNode parseObject(ApiRequest request) {
    JsonNode body = parse(request);
    if (!body.isObject()) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return (ObjectNode) body;
  }

  private static JsonNode parse(ApiRequest request) {
    String body = request.body() == null ? "" : request.body();
    try {
      boolean yaml = request.contentType() != null && request.contentType().contains("yaml");
      JsonNode node = (yaml ? YAML : JSON).readTree(body);
      if (node == null || node.isMissingNode()) {
        throw ApiException.badRequest("the request has no body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON or YAML: " + e.getOriginalMessage());
    }
  }
}
