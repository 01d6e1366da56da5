package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/** The columns of {@code kubectl get events}: when, type, reason, object and message. */
final class EventColumns {
  private EventColumns() {}

  static List<TableColumn> of(Function<String, String> age) {
    return List.of(
        TableColumn.text(
            "Last Seen", "Time since the event last happened.", e -> age.apply(lastSeen(e))),
        TableColumn.text("Type", "Normal or Warning.", e -> e.path("type").asText("")),
        TableColumn.text(
            "Reason", "Why the event happened, in CamelCase.", e -> e.path("reason").asText("")),
        TableColumn.text("Object", "What the event is about.", EventColumns::object),
        TableColumn.text("Message", "What happened.", e -> message(e)),
        TableColumn.text("Name", "Name must be unique within a namespace.", 1, Meta::name));
  }

  private static String lastSeen(JsonNode event) {
    for (String field : new String[] {"lastTimestamp", "eventTime", "deprecatedLastTimestamp"}) {
      if (event.path(field).isTextual()) {
        return event.path(field).asText();
      }
    }
    JsonNode series = event.path("series").path("lastObservedTime");
    return series.isTextual()
        ? series.asText()
        : event.path("metadata").path("creationTimestamp").asText();
  }

  private static String object(JsonNode event) {
    JsonNode about =
        event.has("involvedObject") ? event.path("involvedObject") : event.path("regarding");
    return about.path("kind").asText("").toLowerCase() + "/" + about.path("name").asText("");
  }

  private static String message(JsonNode event) {
    return event.has("message") ? event.path("message").asText() : event.path("note").asText("");
  }
}
