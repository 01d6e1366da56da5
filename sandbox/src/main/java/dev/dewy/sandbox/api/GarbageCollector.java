package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Deletes, in the background, what a deleted object owned (by ownerReferences uid), everything in a
 * deleted namespace and every object of a deleted CRD; recursively, so a DewyDeployment takes its
 * Jobs and their Pods.
 */
public final class GarbageCollector implements AutoCloseable {
  private final ObjectStore store;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "sandbox-garbage-collector");
            thread.setDaemon(true);
            return thread;
          });

  public GarbageCollector(ObjectStore store) {
    this.store = store;
  }

  /** Schedules the collection of what the deleted object leaves behind. */
  public void deleted(String storageKey, ObjectNode owner) {
    worker.execute(() -> collect(storageKey, owner));
  }

  private void collect(String storageKey, ObjectNode owner) {
    if (storageKey.equals(ResourceTypes.CRDS)) {
      String definedKey =
          owner.path("spec").path("group").asText()
              + "/"
              + owner.path("spec").path("names").path("plural").asText();
      for (ObjectNode object : store.list(definedKey, null)) {
        removeWithDependents(definedKey, object);
      }
    }
    String uid = Meta.uid(owner);
    boolean namespace = storageKey.equals("/namespaces");
    for (Map.Entry<String, ObjectNode> dependent :
        store.findAll(o -> ownedBy(o, uid) || (namespace && inNamespace(o, Meta.name(owner))))) {
      removeWithDependents(dependent.getKey(), dependent.getValue());
    }
  }

  private void removeWithDependents(String storageKey, ObjectNode object) {
    ObjectNode removed = store.remove(storageKey, Meta.namespace(object), Meta.name(object));
    if (removed != null) {
      collect(storageKey, removed);
    }
  }

  private static boolean ownedBy(JsonNode object, String uid) {
    for (JsonNode reference : object.path("metadata").path("ownerReferences")) {
      if (reference.path("uid").asText().equals(uid)) {
        return true;
      }
    }
    return false;
  }

  private static boolean inNamespace(JsonNode object, String namespace) {
    return namespace != null && namespace.equals(Meta.namespace(object));
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
