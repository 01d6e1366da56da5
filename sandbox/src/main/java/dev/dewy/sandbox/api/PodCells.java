package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * The cells of {@code kubectl get pods}, computed as kube-apiserver's {@code printPod} computes
 * them: READY counts ready app containers and started sidecars, STATUS is the phase or the reason
 * of the most telling container ({@code Init:0/1}, {@code ImagePullBackOff}, {@code Completed},
 * {@code Terminating}...), RESTARTS the restarts and when the last one ended.
 */
final class PodCells {
  private PodCells() {}

  /** Restarts and the finish time of the last terminated run, null when none is known. */
  record Restarts(int count, JsonNode last) {}

  static String ready(JsonNode pod) {
    return summary(pod).ready + "/" + summary(pod).total;
  }

  static String status(JsonNode pod) {
    return summary(pod).reason;
  }

  static Restarts restarts(JsonNode pod) {
    Summary summary = summary(pod);
    return new Restarts(summary.restarts, summary.lastRestart);
  }

  static String ip(JsonNode pod) {
    String ip = pod.path("status").path("podIPs").path(0).path("ip").asText("");
    return ip.isEmpty() ? "<none>" : ip;
  }

  static String readinessGates(JsonNode pod) {
    JsonNode gates = pod.path("spec").path("readinessGates");
    if (gates.isEmpty()) {
      return "<none>";
    }
    int met = 0;
    for (JsonNode gate : gates) {
      for (JsonNode condition : pod.path("status").path("conditions")) {
        if (condition.path("type").asText().equals(gate.path("conditionType").asText())) {
          met += condition.path("status").asText().equals("True") ? 1 : 0;
          break;
        }
      }
    }
    return met + "/" + gates.size();
  }

  private static final class Summary {
    int ready;
    int total;
    int restarts;
    JsonNode lastRestart;
    String reason;
  }

  private static Summary summary(JsonNode pod) {
    JsonNode spec = pod.path("spec");
    JsonNode status = pod.path("status");
    Summary s = new Summary();
    s.total = spec.path("containers").size();
    String phase = status.path("phase").asText("");
    s.reason = status.path("reason").asText("").isEmpty() ? phase : status.path("reason").asText();
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals("PodScheduled")
          && condition.path("reason").asText().equals("SchedulingGated")) {
        s.reason = "SchedulingGated";
      }
    }
    Map<String, Boolean> sidecars = new HashMap<>();
    for (JsonNode init : spec.path("initContainers")) {
      boolean sidecar = init.path("restartPolicy").asText().equals("Always");
      sidecars.put(init.path("name").asText(), sidecar);
      s.total += sidecar ? 1 : 0;
    }
    int restarts = 0;
    int sidecarRestarts = 0;
    JsonNode lastRestart = null;
    JsonNode lastSidecarRestart = null;
    boolean initializing = false;
    JsonNode inits = status.path("initContainerStatuses");
    for (int i = 0; i < inits.size(); i++) {
      JsonNode container = inits.get(i);
      boolean sidecar = sidecars.getOrDefault(container.path("name").asText(), false);
      int count = container.path("restartCount").asInt(0);
      JsonNode finished = container.path("lastState").path("terminated").path("finishedAt");
      restarts += count;
      lastRestart = later(lastRestart, finished);
      if (sidecar) {
        sidecarRestarts += count;
        lastSidecarRestart = later(lastSidecarRestart, finished);
      }
      JsonNode state = container.path("state");
      JsonNode terminated = state.path("terminated");
      JsonNode waiting = state.path("waiting");
      if (terminated.isObject() && terminated.path("exitCode").asInt() == 0) {
        continue;
      }
      if (sidecar && container.path("started").asBoolean(false)) {
        s.ready += container.path("ready").asBoolean(false) ? 1 : 0;
        continue;
      }
      if (terminated.isObject()) {
        String why = terminated.path("reason").asText("");
        if (why.isEmpty()) {
          int signal = terminated.path("signal").asInt(0);
          s.reason =
              signal != 0
                  ? "Init:Signal:" + signal
                  : "Init:ExitCode:" + terminated.path("exitCode").asInt();
        } else {
          s.reason = "Init:" + why;
        }
      } else if (waiting.isObject()
          && !waiting.path("reason").asText("").isEmpty()
          && !waiting.path("reason").asText().equals("PodInitializing")) {
        s.reason = "Init:" + waiting.path("reason").asText();
      } else {
        s.reason = "Init:" + i + "/" + spec.path("initContainers").size();
      }
      initializing = true;
      break;
    }
    if (!initializing || initialized(status)) {
      restarts = sidecarRestarts;
      lastRestart = lastSidecarRestart;
      boolean hasRunning = false;
      JsonNode containers = status.path("containerStatuses");
      for (int i = containers.size() - 1; i >= 0; i--) {
        JsonNode container = containers.get(i);
        restarts += container.path("restartCount").asInt(0);
        lastRestart =
            later(lastRestart, container.path("lastState").path("terminated").path("finishedAt"));
        JsonNode state = container.path("state");
        JsonNode waiting = state.path("waiting");
        JsonNode terminated = state.path("terminated");
        if (waiting.isObject() && !waiting.path("reason").asText("").isEmpty()) {
          s.reason = waiting.path("reason").asText();
        } else if (terminated.isObject() && !terminated.path("reason").asText("").isEmpty()) {
          s.reason = terminated.path("reason").asText();
        } else if (terminated.isObject()) {
          int signal = terminated.path("signal").asInt(0);
          s.reason =
              signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt();
        } else if (container.path("ready").asBoolean(false) && state.path("running").isObject()) {
          hasRunning = true;
          s.ready++;
        }
      }
      if (s.reason.equals("Completed") && hasRunning) {
        s.reason = condition(status, "Ready") ? "Running" : "NotReady";
      }
    }
    boolean deleting = pod.path("metadata").has("deletionTimestamp");
    if (deleting && status.path("reason").asText("").equals("NodeLost")) {
      s.reason = "Unknown";
    } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
      s.reason = "Terminating";
    }
    s.restarts = restarts;
    s.lastRestart = lastRestart;
    return s;
  }

  private static boolean initialized(JsonNode status) {
    return condition(status, "Initialized");
  }

  private static boolean condition(JsonNode status, String type) {
    for (JsonNode condition : status.path("conditions")) {
      if (condition.path("type").asText().equals(type)
          && condition.path("status").asText().equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode later(JsonNode current, JsonNode candidate) {
    Instant time = parse(candidate);
    if (time == null) {
      return current;
    }
    Instant known = parse(current);
    return known == null || known.isBefore(time) ? candidate : current;
  }

  private static Instant parse(JsonNode timestamp) {
    if (timestamp == null || !timestamp.isTextual()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp.asText()).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
