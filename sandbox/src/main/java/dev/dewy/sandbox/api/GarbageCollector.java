package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Deletes, in the background, what a deleted object owned (by ownerReferences uid) and, for a
 * namespace, everything in it; recursively, so DewyDeployment takes its Jobs and their Pods.
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
    String uid = Meta.uid(owner);
    boolean namespace = storageKey.equals("/namespaces");
    for (Map.Entry<String, ObjectNode> dependent :
        store.findAll(o -> ownedBy(o, uid) || (namespace && inNamespace(o, Meta.name(owner))))) {
      ObjectNode object = dependent.getValue();
      ObjectNode removed =
          store.remove(dependent.getKey(), Meta.namespace(object), Meta.name(object));
      if (removed != null) {
        collect(dependent.getKey(), removed);
      }
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
