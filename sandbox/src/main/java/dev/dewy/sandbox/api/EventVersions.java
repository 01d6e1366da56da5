package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * core/v1 and events.k8s.io/v1 Events are two views of one store, as on the server: an Event
 * written through either API is listed by both ({@code kubectl get events} reads core/v1). They are
 * stored in the core/v1 shape and converted as the server's conversion does.
 */
final class EventVersions {
  private EventVersions() {}

  /** core/v1 field to events.k8s.io/v1 field, where the two differ. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "involvedObject", "regarding",
          "message", "note",
          "source", "deprecatedSource",
          "firstTimestamp", "deprecatedFirstTimestamp",
          "lastTimestamp", "deprecatedLastTimestamp",
          "count", "deprecatedCount",
          "reportingComponent", "reportingController");

  static boolean isEventsV1(ResourceType type) {
    return type.group().equals("events.k8s.io") && type.plural().equals("events");
  }

  /** An events.k8s.io/v1 Event in the stored core/v1 shape. */
  static ObjectNode toCore(ObjectNode event) {
    ObjectNode core = event.deepCopy();
    RENAMED.forEach((coreName, eventsName) -> move(core, eventsName, coreName));
    return core;
  }

  /** A stored core/v1 Event as events.k8s.io/v1 shows it, with the fields Go always writes. */
  static ObjectNode toEventsV1(ObjectNode core) {
    RENAMED.forEach((coreName, eventsName) -> move(core, coreName, eventsName));
    for (String empty : new String[] {"reportingController", "reportingInstance", "note"}) {
      if (core.path(empty).asText("").isEmpty()) {
        core.remove(empty);
      }
    }
    if (core.path("deprecatedCount").asInt(0) == 0) {
      core.remove("deprecatedCount");
    }
    for (String time :
        new String[] {"eventTime", "deprecatedFirstTimestamp", "deprecatedLastTimestamp"}) {
      if (!core.has(time)) {
        core.set(time, NullNode.instance);
      }
    }
    if (!core.has("deprecatedSource")) {
      core.putObject("deprecatedSource");
    }
    return core;
  }

  private static void move(ObjectNode event, String from, String to) {
    JsonNode value = event.remove(from);
    if (value != null) {
      event.set(to, value);
    }
  }
}
