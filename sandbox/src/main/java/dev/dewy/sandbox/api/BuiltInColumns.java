package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;

/** The columns kubectl prints for the built-in kinds people look at while hooks run. */
final class BuiltInColumns {
  private BuiltInColumns() {}

  /** Columns between NAME and AGE for the type, empty when NAME and AGE are all there is. */
  static List<TableColumn> of(String storageKey) {
    return switch (storageKey) {
      case "/pods" ->
          List.of(
              TableColumn.text(
                  "Ready", "Ready containers of all containers.", BuiltInColumns::podReady),
              TableColumn.text(
                  "Status",
                  "The pod's phase or its first container's problem.",
                  BuiltInColumns::podStatus),
              TableColumn.text("Restarts", "Container restarts.", BuiltInColumns::restarts));
      case "apps/deployments" ->
          List.of(
              TableColumn.text(
                  "Ready",
                  "Ready of desired replicas.",
                  o -> ratio(o, "readyReplicas", o.path("spec").path("replicas"))),
              TableColumn.text(
                  "Up-to-date",
                  "Replicas at the latest template.",
                  o -> count(o, "updatedReplicas")),
              TableColumn.text(
                  "Available", "Available replicas.", o -> count(o, "availableReplicas")));
      case "apps/statefulsets" ->
          List.of(
              TableColumn.text(
                  "Ready",
                  "Ready of desired replicas.",
                  o -> ratio(o, "readyReplicas", o.path("spec").path("replicas"))));
      case "apps/daemonsets" ->
          List.of(
              TableColumn.text(
                  "Desired",
                  "Nodes that should run the pod.",
                  o -> count(o, "desiredNumberScheduled")),
              TableColumn.text("Ready", "Nodes with a ready pod.", o -> count(o, "numberReady")),
              TableColumn.text(
                  "Up-to-date",
                  "Nodes with the latest pod.",
                  o -> count(o, "updatedNumberScheduled")));
      case "batch/jobs" ->
          List.of(
              TableColumn.text(
                  "Status", "Complete, Failed, Suspended or Running.", BuiltInColumns::jobStatus),
              TableColumn.text(
                  "Completions",
                  "Succeeded of wanted completions.",
                  o -> ratio(o, "succeeded", o.path("spec").path("completions"))));
      default -> List.of();
    };
  }

  private static String count(JsonNode object, String field) {
    return String.valueOf(object.path("status").path(field).asInt(0));
  }

  private static String ratio(JsonNode object, String field, JsonNode wanted) {
    return count(object, field) + "/" + wanted.asInt(1);
  }

  private static String podReady(JsonNode pod) {
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      ready += status.path("ready").asBoolean() ? 1 : 0;
    }
    return ready + "/" + pod.path("spec").path("containers").size();
  }

  private static String podStatus(JsonNode pod) {
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      String reason = first(status.path("state"), s -> s.path("reason").asText(""));
      if (!reason.isEmpty()) {
        return reason;
      }
    }
    return pod.path("status").path("phase").asText("Pending");
  }

  private static String first(JsonNode state, Function<JsonNode, String> reason) {
    for (String kind : new String[] {"waiting", "terminated"}) {
      if (state.has(kind)) {
        return reason.apply(state.path(kind));
      }
    }
    return "";
  }

  private static String restarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asInt(0);
    }
    return String.valueOf(restarts);
  }

  private static String jobStatus(JsonNode job) {
    for (JsonNode condition : job.path("status").path("conditions")) {
      String type = condition.path("type").asText();
      if (condition.path("status").asText().equals("True")
          && List.of("Complete", "Failed", "Suspended").contains(type)) {
        return type;
      }
    }
    return "Running";
  }
}
