package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The sandbox's etcd: objects by type, namespace and name, one resourceVersion counter for all, and
 * a bounded history of changes so a watch can resume from a version it listed at.
 */
public final class ObjectStore {
  private static final int HISTORY = 10_000;

  /** One change, as watchers receive it. */
  public record Change(String type, String storageKey, ObjectNode object, long version) {}

  /** An open watch; close it to stop receiving changes. */
  public final class Subscription implements AutoCloseable {
    private final String storageKey;
    private final Predicate<ObjectNode> filter;
    private final Consumer<Change> sink;

    private Subscription(String storageKey, Predicate<ObjectNode> filter, Consumer<Change> sink) {
      this.storageKey = storageKey;
      this.filter = filter;
      this.sink = sink;
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }

  private final Map<String, TreeMap<String, ObjectNode>> objects = new HashMap<>();
  private final Deque<Change> history = new ArrayDeque<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private long version = 1;
  private long forgottenUpTo = 0;

  /** Runs a read-modify-write with no other write in between. */
  public synchronized <T> T atomically(Supplier<T> work) {
    return work.get();
  }

  public synchronized long currentVersion() {
    return version;
  }

  public synchronized ObjectNode get(String storageKey, String namespace, String name) {
    ObjectNode found = table(storageKey).get(key(namespace, name));
    return found == null ? null : found.deepCopy();
  }

  /** Objects of one type, in one namespace or (null) all, ordered by namespace and name. */
  public synchronized List<ObjectNode> list(String storageKey, String namespace) {
    List<ObjectNode> result = new ArrayList<>();
    for (ObjectNode object : table(storageKey).values()) {
      if (namespace == null || namespace.equals(Meta.namespace(object))) {
        result.add(object.deepCopy());
      }
    }
    return result;
  }

  /** Every stored object that matches, with its storage key; for the garbage collector. */
  public synchronized List<Map.Entry<String, ObjectNode>> findAll(Predicate<ObjectNode> filter) {
    List<Map.Entry<String, ObjectNode>> result = new ArrayList<>();
    objects.forEach(
        (storageKey, table) ->
            table.values().stream()
                .filter(filter)
                .forEach(o -> result.add(Map.entry(storageKey, o.deepCopy()))));
    return result;
  }

  /** Stores the object under a new resourceVersion and tells the watchers. */
  public synchronized ObjectNode put(String storageKey, ObjectNode object) {
    String key = key(Meta.namespace(object), Meta.name(object));
    boolean existed = table(storageKey).containsKey(key);
    ObjectNode stored = object.deepCopy();
    version++;
    Meta.metadata(stored).put("resourceVersion", Long.toString(version));
    table(storageKey).put(key, stored);
    publish(new Change(existed ? "MODIFIED" : "ADDED", storageKey, stored, version));
    return stored.deepCopy();
  }

  /** Removes the object; returns it as last seen, or null when it was absent. */
  public synchronized ObjectNode remove(String storageKey, String namespace, String name) {
    ObjectNode stored = table(storageKey).remove(key(namespace, name));
    if (stored == null) {
      return null;
    }
    // a copy: the stored node is still the object of an earlier change in the history
    ObjectNode removed = stored.deepCopy();
    version++;
    Meta.metadata(removed).put("resourceVersion", Long.toString(version));
    publish(new Change("DELETED", storageKey, removed, version));
    return removed.deepCopy();
  }

  /**
   * Opens a watch. With a fromVersion, replays the remembered changes after it (410 Expired when
   * they are forgotten); without one (null or "0"), first sends every matching object as ADDED, as
   * a real server does.
   */
  public synchronized Subscription watch(
      String storageKey, Predicate<ObjectNode> filter, String fromVersion, Consumer<Change> sink) {
    Subscription subscription = new Subscription(storageKey, filter, sink);
    if (fromVersion == null || fromVersion.isEmpty() || fromVersion.equals("0")) {
      for (ObjectNode object : table(storageKey).values()) {
        if (filter.test(object)) {
          sink.accept(new Change("ADDED", storageKey, object, version));
        }
      }
    } else {
      long from = parseVersion(fromVersion);
      if (from < forgottenUpTo) {
        throw new ApiException(
            410, "Expired", "too old resource version: " + from + " (" + forgottenUpTo + ")");
      }
      for (Change change : history) {
        if (change.version() > from && deliverable(subscription, change)) {
          sink.accept(change);
        }
      }
    }
    subscriptions.add(subscription);
    return subscription;
  }

  private static long parseVersion(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void publish(Change change) {
    history.addLast(change);
    if (history.size() > HISTORY) {
      forgottenUpTo = history.removeFirst().version();
    }
    for (Subscription subscription : subscriptions) {
      if (deliverable(subscription, change)) {
        try {
          subscription.sink.accept(change);
        } catch (RuntimeException e) {
          subscription.close();
        }
      }
    }
  }

  private static boolean deliverable(Subscription subscription, Change change) {
    return subscription.storageKey.equals(change.storageKey())
        && subscription.filter.test(change.object());
  }

  private TreeMap<String, ObjectNode> table(String storageKey) {
    return objects.computeIfAbsent(storageKey, k -> new TreeMap<>());
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }
}
