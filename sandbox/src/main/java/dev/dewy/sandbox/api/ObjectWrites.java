package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.sandbox.CustomResourceAdmission;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The rules a real API server applies to every write: server-owned metadata, optimistic
 * concurrency, status isolation, generation bumps on spec changes, and no new resourceVersion when
 * nothing changed.
 */
public final class ObjectWrites {
  private final ObjectStore store;
  private final ResourceTypes types;
  private final CustomResourceAdmission admission;
  private final Clock clock;
  private final GarbageCollector collector;

  public ObjectWrites(
      ObjectStore store,
      ResourceTypes types,
      CustomResourceAdmission admission,
      Clock clock,
      GarbageCollector collector) {
    this.store = store;
    this.types = types;
    this.admission = admission;
    this.clock = clock;
    this.collector = collector;
  }

  /**
   * Deletes the object, or, while it has finalizers, only marks it with a deletionTimestamp; what
   * it owned is collected in the background unless the caller orphans it.
   */
  public ObjectNode delete(
      ResourceType type, String namespace, String name, boolean orphan, boolean dryRun) {
    return store.atomically(
        () -> {
          ObjectNode current = existing(type, namespace, name);
          if (dryRun) {
            return current;
          }
          if (!current.path("metadata").path("finalizers").isEmpty()) {
            if (current.path("metadata").has("deletionTimestamp")) {
              return current;
            }
            ObjectNode marked = current.deepCopy();
            Meta.metadata(marked)
                .put("deletionTimestamp", now())
                .put("deletionGracePeriodSeconds", 0);
            return store.put(type.storageKey(), marked);
          }
          ObjectNode removed = store.remove(type.storageKey(), namespace, name);
          if (!orphan) {
            collector.deleted(type.storageKey(), removed);
          }
          return removed;
        });
  }

  /** Stores a new object; answers 409 AlreadyExists if its name is taken. */
  public ObjectNode create(
      ResourceType type, String namespace, ObjectNode body, WriteOptions options) {
    return store.atomically(
        () -> {
          ObjectNode object = body.deepCopy();
          BuiltInTimes.apply(type, object);
          ObjectNode meta = Meta.metadata(object);
          placeInNamespace(type, namespace, meta);
          if (!meta.hasNonNull("name") && meta.hasNonNull("generateName")) {
            meta.put("name", meta.get("generateName").asText() + randomSuffix());
          }
          String name = Meta.name(object);
          if (name == null || name.isEmpty()) {
            throw new ApiException(
                422,
                "Invalid",
                type.kind() + ": metadata.name: Required value: name or generateName is required");
          }
          if (store.get(type.storageKey(), Meta.namespace(object), name) != null) {
            throw ApiException.alreadyExists(type, name);
          }
          object.put("apiVersion", type.apiVersion()).put("kind", type.kind());
          meta.put("uid", UUID.randomUUID().toString());
          meta.put("creationTimestamp", now());
          if (Generation.tracked(type)) {
            meta.put("generation", 1);
          } else {
            meta.remove("generation");
          }
          meta.remove("resourceVersion");
          if (type.statusSubresource()) {
            object.remove("status");
          }
          BuiltInDefaults.apply(type, object);
          if (type.storageKey().equals("/services")) {
            ServiceAddresses.allocate(store, object);
          }
          admitDefinition(type, object);
          ObjectNode admitted =
              ServerWrittenStatus.apply(type, admit(type, object, false, options));
          ZeroValues.apply(type, admitted);
          return options.dryRun() ? admitted : store.put(type.storageKey(), admitted);
        });
  }

  /** Replaces the object (PUT, or the result of a patch); status is kept if it is a subresource. */
  public ObjectNode update(
      ResourceType type, String namespace, String name, ObjectNode body, WriteOptions options) {
    return store.atomically(
        () -> {
          ObjectNode current = existing(type, namespace, name);
          checkVersion(type, name, current, body);
          ObjectNode next = body.deepCopy();
          BuiltInTimes.apply(type, next);
          next.put("apiVersion", type.apiVersion()).put("kind", type.kind());
          keepServerMetadata(current, next);
          if (type.statusSubresource()) {
            restore(next, "status", current.get("status"));
          }
          BuiltInDefaults.apply(type, next);
          if (type.storageKey().equals("/services")) {
            ServiceAddresses.keep(current, next);
          }
          ImmutableFields.check(type, current, next);
          admitDefinition(type, next);
          // generation follows what is stored: after pruning and defaulting, as on the server
          ObjectNode admitted = ServerWrittenStatus.apply(type, admit(type, next, false, options));
          ZeroValues.apply(type, admitted);
          if (Generation.specChanged(type, current, admitted)) {
            Meta.metadata(admitted)
                .put("generation", current.path("metadata").path("generation").asLong(1) + 1);
          }
          return store(type, current, admitted, options.dryRun());
        });
  }

  /** Replaces only the status (PUT or PATCH of {@code /status}). */
  public ObjectNode updateStatus(
      ResourceType type, String namespace, String name, ObjectNode body, WriteOptions options) {
    return store.atomically(
        () -> {
          if (!type.statusSubresource()) {
            throw ApiException.notFound(type, name + "/status");
          }
          ObjectNode current = existing(type, namespace, name);
          checkVersion(type, name, current, body);
          ObjectNode next = current.deepCopy();
          restore(next, "status", body.get("status"));
          BuiltInTimes.apply(type, next);
          ObjectNode admitted = admit(type, next, true, options);
          ZeroValues.apply(type, admitted);
          return store(type, current, admitted, options.dryRun());
        });
  }

  public ObjectNode existing(ResourceType type, String namespace, String name) {
    ObjectNode current = store.get(type.storageKey(), namespace, name);
    if (current == null) {
      throw ApiException.notFound(type, name);
    }
    return current;
  }

  private ObjectNode store(ResourceType type, ObjectNode current, ObjectNode next, boolean dryRun) {
    Meta.metadata(next).put("resourceVersion", Meta.resourceVersion(current));
    if (next.equals(current) || dryRun) {
      return next;
    }
    if (next.path("metadata").has("deletionTimestamp")
        && next.path("metadata").path("finalizers").isEmpty()) {
      ObjectNode removed = store.remove(type.storageKey(), Meta.namespace(next), Meta.name(next));
      collector.deleted(type.storageKey(), removed);
      return removed;
    }
    return store.put(type.storageKey(), next);
  }

  private static void checkVersion(
      ResourceType type, String name, ObjectNode current, ObjectNode body) {
    String wanted = Meta.resourceVersion(body);
    if (wanted != null && !wanted.isEmpty() && !wanted.equals(Meta.resourceVersion(current))) {
      throw ApiException.conflict(
          type,
          name,
          "the object has been modified; please apply your changes to the latest version and try again");
    }
  }

  private void placeInNamespace(ResourceType type, String namespace, ObjectNode meta) {
    if (!type.namespaced()) {
      meta.remove("namespace");
      return;
    }
    String declared = meta.path("namespace").asText("");
    if (!declared.isEmpty() && namespace != null && !declared.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    String target = namespace != null ? namespace : declared.isEmpty() ? "default" : declared;
    if (store.get("/namespaces", null, target) == null) {
      throw ApiException.notFound(types.find("", "v1", "namespaces").orElseThrow(), target);
    }
    meta.put("namespace", target);
  }

  private static void keepServerMetadata(ObjectNode current, ObjectNode next) {
    ObjectNode meta = Meta.metadata(next);
    JsonNode old = current.path("metadata");
    for (String field :
        new String[] {
          "uid",
          "creationTimestamp",
          "generation",
          "namespace",
          "name",
          "deletionTimestamp",
          "deletionGracePeriodSeconds"
        }) {
      restore(meta, field, old.get(field));
    }
  }

  private static void restore(ObjectNode target, String field, JsonNode value) {
    if (value == null || value.isNull()) {
      target.remove(field);
    } else {
      target.set(field, value.deepCopy());
    }
  }

  private void admitDefinition(ResourceType type, ObjectNode crd) {
    if (type.storageKey().equals(ResourceTypes.CRDS)) {
      try {
        admission.admitDefinition(crd);
      } catch (CustomResourceAdmission.Rejected rejected) {
        throw refusal(type, crd, rejected);
      }
    }
  }

  private static ApiException refusal(
      ResourceType type, ObjectNode object, CustomResourceAdmission.Rejected rejected) {
    return rejected
        .status()
        .map(ApiException::new)
        .orElseGet(() -> ApiException.invalid(type, Meta.name(object), rejected.causes()));
  }

  private ObjectNode admit(
      ResourceType type, ObjectNode object, boolean statusWrite, WriteOptions options) {
    if (!type.isCustom()) {
      return object;
    }
    try {
      CustomResourceAdmission.Admitted admitted =
          admission.admit(
              new CustomResourceAdmission.Request(
                  types.crdOf(type),
                  type.version(),
                  object,
                  statusWrite,
                  options.patch(),
                  options.fieldValidation()));
      options.warnings().addAll(admitted.warnings());
      return admitted.object();
    } catch (CustomResourceAdmission.Rejected rejected) {
      options.warnings().addAll(rejected.warnings());
      throw refusal(type, object, rejected);
    }
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String randomSuffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 5);
  }
}
