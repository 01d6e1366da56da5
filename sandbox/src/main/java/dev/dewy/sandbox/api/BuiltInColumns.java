package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Table columns of the built-in kinds, as kube-apiserver's printers (pkg/printers/
 * internalversion) define and fill them: the same names, types, priorities (1: only with {@code -o
 * wide}) and cell values. Descriptions are shorter than the server's.
 */
final class BuiltInColumns {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String NAME = "Name must be unique within a namespace.";
  private static final String AGE = "Time since the object was created.";

  private final Function<Instant, String> since;
  private final java.util.function.Supplier<Instant> now;

  /**
   * @param now the clock's reading, for ages and the duration of running Jobs
   */
  BuiltInColumns(java.util.function.Supplier<Instant> now) {
    this.now = now;
    this.since = t -> HumanDuration.format(Duration.between(t, now.get()));
  }

  /** All columns of a built-in type, NAME first; NAME and AGE for the kinds without a printer. */
  List<TableColumn> of(String storageKey) {
    List<TableColumn> columns = new ArrayList<>();
    if (!storageKey.endsWith("/events")) {
      columns.add(text("Name", NAME, 0, Meta::name));
    }
    switch (storageKey) {
      case "/pods" -> {
        columns.add(text("Ready", "Ready containers of all containers.", 0, PodCells::ready));
        columns.add(text("Status", "The aggregate status of the containers.", 0, PodCells::status));
        columns.add(
            text("Restarts", "Container restarts, and when the last was.", 0, this::restarts));
        columns.add(age());
        columns.add(text("IP", "The pod's IP address.", 1, PodCells::ip));
        columns.add(
            text(
                "Node",
                "The node the pod runs on.",
                1,
                p -> orNone(p.path("spec").path("nodeName").asText(""))));
        columns.add(
            text(
                "Nominated Node",
                "The node the pod may be placed on.",
                1,
                p -> orNone(p.path("status").path("nominatedNodeName").asText(""))));
        columns.add(
            text("Readiness Gates", "True readiness gates of all.", 1, PodCells::readinessGates));
      }
      case "/namespaces" -> {
        columns.add(
            text(
                "Status", "The status of the namespace", 0, o -> status(o).path("phase").asText()));
        columns.add(age());
      }
      case "/secrets" -> {
        columns.add(text("Type", "The secret's type.", 0, o -> o.path("type").asText("")));
        columns.add(integer("Data", "string", "Keys of the secret.", o -> o.path("data").size()));
        columns.add(age());
      }
      case "/configmaps" -> {
        columns.add(
            integer(
                "Data",
                "string",
                "Keys of the config map.",
                o -> o.path("data").size() + o.path("binaryData").size()));
        columns.add(age());
      }
      case "/serviceaccounts" -> {
        columns.add(
            integer("Secrets", "string", "Secrets of the account.", o -> o.path("secrets").size()));
        columns.add(age());
      }
      case "/services" -> {
        columns.add(text("Type", "The service's type.", 0, o -> spec(o).path("type").asText("")));
        columns.add(
            text(
                "Cluster-IP",
                "The service's cluster IP.",
                0,
                o -> orNone(spec(o).path("clusterIPs").path(0).asText(""))));
        columns.add(text("External-IP", "External addresses.", 0, BuiltInColumns::externalIp));
        columns.add(text("Port(s)", "The service's ports.", 0, BuiltInColumns::servicePorts));
        columns.add(age());
        columns.add(
            text(
                "Selector",
                "The service's selector.",
                1,
                o -> labels(spec(o).path("selector"), "<none>")));
      }
      case "apps/deployments" -> {
        columns.add(text("Ready", "Ready of desired replicas.", 0, o -> ratio(o, "readyReplicas")));
        columns.add(
            integer("Up-to-date", "string", "Updated replicas.", o -> count(o, "updatedReplicas")));
        columns.add(
            integer(
                "Available", "string", "Available replicas.", o -> count(o, "availableReplicas")));
        columns.add(age());
        containerColumns(columns, true);
      }
      case "apps/replicasets" -> {
        columns.add(integer("Desired", "integer", "Wanted replicas.", o -> replicas(o)));
        columns.add(integer("Current", "integer", "Replicas.", o -> count(o, "replicas")));
        columns.add(integer("Ready", "integer", "Ready replicas.", o -> count(o, "readyReplicas")));
        columns.add(age());
        containerColumns(columns, true);
      }
      case "apps/statefulsets" -> {
        columns.add(text("Ready", "Ready of desired replicas.", 0, o -> ratio(o, "readyReplicas")));
        columns.add(age());
        containerColumns(columns, false);
      }
      case "apps/daemonsets" -> {
        columns.add(
            integer(
                "Desired", "integer", "Nodes to run on.", o -> count(o, "desiredNumberScheduled")));
        columns.add(
            integer(
                "Current", "integer", "Nodes running.", o -> count(o, "currentNumberScheduled")));
        columns.add(integer("Ready", "integer", "Ready pods.", o -> count(o, "numberReady")));
        columns.add(
            integer(
                "Up-to-date", "integer", "Updated pods.", o -> count(o, "updatedNumberScheduled")));
        columns.add(
            integer("Available", "integer", "Available pods.", o -> count(o, "numberAvailable")));
        columns.add(
            text(
                "Node Selector",
                "The pods' node selector.",
                0,
                o -> labels(template(o).path("nodeSelector"), "<none>")));
        columns.add(age());
        containerColumns(columns, true);
      }
      case "batch/jobs" -> {
        columns.add(text("Status", "Status of the job.", 0, BuiltInColumns::jobStatus));
        columns.add(
            text(
                "Completions", "Succeeded of wanted completions.", 0, BuiltInColumns::completions));
        columns.add(text("Duration", "Time required to complete the job.", 0, this::jobDuration));
        columns.add(age());
        containerColumns(columns, true);
      }
      case "coordination.k8s.io/leases" -> {
        columns.add(
            text(
                "Holder",
                "The lease's holder.",
                0,
                o -> spec(o).path("holderIdentity").asText("")));
        columns.add(age());
      }
      case "/events", "events.k8s.io/events" -> columns.addAll(events());
      default -> columns.add(age());
    }
    return columns;
  }

  private TableColumn age() {
    return text("Age", AGE, 0, o -> since(o.path("metadata").path("creationTimestamp")));
  }

  /** What the server prints for a time: an age, or {@code <unknown>} when there is none. */
  String since(JsonNode timestamp) {
    Instant time = instant(timestamp);
    return time == null ? "<unknown>" : since.apply(time);
  }

  private static Instant instant(JsonNode timestamp) {
    if (!timestamp.isTextual()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(timestamp.asText()).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void containerColumns(List<TableColumn> columns, boolean selector) {
    columns.add(
        text(
            "Containers",
            "Names of each container in the template.",
            1,
            o -> containers(o, "name")));
    columns.add(
        text(
            "Images",
            "Images referenced by each container in the template.",
            1,
            o -> containers(o, "image")));
    if (selector) {
      columns.add(
          text(
              "Selector",
              "The label selector.",
              1,
              o -> Selectors.format(spec(o).path("selector"))));
    }
  }

  private String restarts(JsonNode pod) {
    PodCells.Restarts restarts = PodCells.restarts(pod);
    if (restarts.count() == 0 || restarts.last() == null) {
      return String.valueOf(restarts.count());
    }
    return restarts.count() + " (" + since(restarts.last()) + " ago)";
  }

  private String jobDuration(JsonNode job) {
    Instant start = instant(status(job).path("startTime"));
    if (start == null) {
      return "";
    }
    Instant end = instant(status(job).path("completionTime"));
    return HumanDuration.format(Duration.between(start, end == null ? now.get() : end));
  }

  private static String jobStatus(JsonNode job) {
    if (hasCondition(job, "Complete")) {
      return "Complete";
    }
    if (hasCondition(job, "Failed")) {
      return "Failed";
    }
    if (job.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    for (String type : new String[] {"Suspended", "FailureTarget", "SuccessCriteriaMet"}) {
      if (hasCondition(job, type)) {
        return type;
      }
    }
    return "Running";
  }

  private static boolean hasCondition(JsonNode object, String type) {
    for (JsonNode condition : status(object).path("conditions")) {
      if (condition.path("type").asText().equals(type)
          && condition.path("status").asText().equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static String completions(JsonNode job) {
    int succeeded = count(job, "succeeded");
    JsonNode completions = spec(job).path("completions");
    if (completions.isNumber()) {
      return succeeded + "/" + completions.asInt();
    }
    int parallelism = spec(job).path("parallelism").asInt(0);
    return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
  }

  private List<TableColumn> events() {
    return List.of(
        text("Last Seen", "Time since the event last happened.", 0, this::lastSeen),
        text("Type", "Normal or Warning.", 0, e -> e.path("type").asText("")),
        text(
            "Reason", "Why the event happened, in CamelCase.", 0, e -> e.path("reason").asText("")),
        text("Object", "What the event is about.", 0, BuiltInColumns::eventObject),
        text(
            "Subobject",
            "The part of the object the event is about.",
            1,
            e -> regarding(e).path("fieldPath").asText("")),
        text("Source", "Who reported the event.", 1, BuiltInColumns::eventSource),
        text("Message", "What happened.", 0, e -> first(e, "message", "note").asText("").strip()),
        text("First Seen", "Time since the event first happened.", 1, this::firstSeen),
        integer(
            "Count",
            "string",
            1,
            "How often the event happened.",
            e -> {
              JsonNode series = e.path("series");
              if (series.isObject()) {
                return series.path("count").asInt(0);
              }
              int count = first(e, "count", "deprecatedCount").asInt(0);
              return count == 0 ? 1 : count;
            }),
        new TableColumn(
            "Name", "string", NAME, 1, e -> JSON.textNode(String.valueOf(Meta.name(e)))));
  }

  private String firstSeen(JsonNode event) {
    JsonNode first = first(event, "firstTimestamp", "deprecatedFirstTimestamp");
    return instant(first) != null ? since(first) : since(event.path("eventTime"));
  }

  private String lastSeen(JsonNode event) {
    JsonNode series = event.path("series");
    if (series.isObject()) {
      return since(series.path("lastObservedTime"));
    }
    JsonNode last = first(event, "lastTimestamp", "deprecatedLastTimestamp");
    return instant(last) != null ? since(last) : firstSeen(event);
  }

  private static String eventObject(JsonNode event) {
    JsonNode about = regarding(event);
    String kind = about.path("kind").asText("").toLowerCase();
    String name = about.path("name").asText("");
    return name.isEmpty() ? kind : kind + "/" + name;
  }

  private static String eventSource(JsonNode event) {
    JsonNode source = first(event, "source", "deprecatedSource");
    String component =
        firstNonEmpty(
            source.path("component").asText(""),
            first(event, "reportingComponent", "reportingController").asText(""));
    String host =
        firstNonEmpty(source.path("host").asText(""), event.path("reportingInstance").asText(""));
    if (component.isEmpty()) {
      return host.isEmpty() ? "" : host;
    }
    return host.isEmpty() ? component : component + ", " + host;
  }

  private static JsonNode regarding(JsonNode event) {
    return first(event, "involvedObject", "regarding");
  }

  /** The core/v1 field, or its events.k8s.io/v1 counterpart. */
  private static JsonNode first(JsonNode object, String core, String events) {
    return object.has(core) ? object.path(core) : object.path(events);
  }

  private static String firstNonEmpty(String a, String b) {
    return a.isEmpty() ? b : a;
  }

  private static String externalIp(JsonNode service) {
    JsonNode spec = spec(service);
    String type = spec.path("type").asText("");
    List<String> ips = new ArrayList<>();
    spec.path("externalIPs").forEach(ip -> ips.add(ip.asText()));
    switch (type) {
      case "ClusterIP", "NodePort" -> {
        return ips.isEmpty() ? "<none>" : String.join(",", ips);
      }
      case "LoadBalancer" -> {
        List<String> ingress = new ArrayList<>();
        for (JsonNode entry : status(service).path("loadBalancer").path("ingress")) {
          ingress.add(
              entry.has("ip") ? entry.path("ip").asText() : entry.path("hostname").asText());
        }
        ingress.addAll(ips);
        return ingress.isEmpty() ? "<pending>" : String.join(",", ingress);
      }
      case "ExternalName" -> {
        return spec.path("externalName").asText("");
      }
      default -> {
        return "<unknown>";
      }
    }
  }

  private static String servicePorts(JsonNode service) {
    StringJoiner ports = new StringJoiner(",");
    for (JsonNode port : spec(service).path("ports")) {
      String text = port.path("port").asInt() + "/" + port.path("protocol").asText("TCP");
      if (port.path("nodePort").asInt(0) > 0) {
        text =
            port.path("port").asInt()
                + ":"
                + port.path("nodePort").asInt()
                + "/"
                + port.path("protocol").asText("TCP");
      }
      ports.add(text);
    }
    return ports.length() == 0 ? "<none>" : ports.toString();
  }

  private static String containers(JsonNode workload, String field) {
    StringJoiner text = new StringJoiner(",");
    template(workload).path("containers").forEach(c -> text.add(c.path(field).asText("")));
    return text.toString();
  }

  /** {@code labels.FormatLabels}: sorted {@code k=v} pairs, or {@code none} when empty. */
  static String labels(JsonNode map, String none) {
    Map<String, String> sorted = new TreeMap<>();
    map.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
    StringJoiner text = new StringJoiner(",");
    sorted.forEach((k, v) -> text.add(k + "=" + v));
    return sorted.isEmpty() ? none : text.toString();
  }

  private static String orNone(String value) {
    return value.isEmpty() ? "<none>" : value;
  }

  private static JsonNode spec(JsonNode object) {
    return object.path("spec");
  }

  private static JsonNode status(JsonNode object) {
    return object.path("status");
  }

  private static JsonNode template(JsonNode workload) {
    return workload.path("spec").path("template").path("spec");
  }

  private static int count(JsonNode object, String field) {
    return status(object).path(field).asInt(0);
  }

  private static int replicas(JsonNode workload) {
    return spec(workload).path("replicas").asInt(1);
  }

  private static String ratio(JsonNode workload, String field) {
    return count(workload, field) + "/" + replicas(workload);
  }

  private static TableColumn text(
      String name, String description, int priority, Function<JsonNode, String> value) {
    return TableColumn.text(name, description, priority, value);
  }

  private static TableColumn integer(
      String name, String type, String description, Function<JsonNode, Integer> value) {
    return integer(name, type, 0, description, value);
  }

  private static TableColumn integer(
      String name,
      String type,
      int priority,
      String description,
      Function<JsonNode, Integer> value) {
    return new TableColumn(name, type, description, priority, o -> JSON.numberNode(value.apply(o)));
  }
}
