package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The defaults a real API server fills into the built-in workloads the operator reads back
 * (replicas, strategies, Job selector and labels, container pull policy...).
 */
final class BuiltInDefaults {
  private BuiltInDefaults() {}

  private static final java.util.Set<String> DEFAULTED =
      java.util.Set.of(
          "apps/deployments", "apps/statefulsets", "apps/daemonsets", "batch/jobs", "/pods");

  static void apply(ResourceType type, ObjectNode object) {
    if (type.storageKey().equals("/secrets")) {
      secret(object);
    }
    if (!DEFAULTED.contains(type.storageKey())) {
      return;
    }
    ObjectNode spec = object.withObject("/spec");
    switch (type.storageKey()) {
      case "apps/deployments" -> {
        putIfAbsent(spec, "replicas", 1);
        if (!spec.has("strategy")) {
          spec.putObject("strategy")
              .put("type", "RollingUpdate")
              .putObject("rollingUpdate")
              .put("maxSurge", "25%")
              .put("maxUnavailable", "25%");
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        podSpec(spec.withObject("/template/spec"), false);
      }
      case "apps/statefulsets" -> {
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        if (!spec.has("updateStrategy")) {
          spec.putObject("updateStrategy")
              .put("type", "RollingUpdate")
              .putObject("rollingUpdate")
              .put("partition", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        podSpec(spec.withObject("/template/spec"), false);
      }
      case "apps/daemonsets" -> {
        if (!spec.has("updateStrategy")) {
          spec.putObject("updateStrategy")
              .put("type", "RollingUpdate")
              .putObject("rollingUpdate")
              .put("maxUnavailable", 1)
              .put("maxSurge", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        podSpec(spec.withObject("/template/spec"), false);
      }
      case "batch/jobs" -> job(object, spec);
      case "/pods" -> podSpec(spec, true);
      default -> throw new IllegalStateException("no defaults for " + type.storageKey());
    }
  }

  /** {@code stringData} is write-only: the server folds it into base64 {@code data}. */
  private static void secret(ObjectNode secret) {
    if (!secret.hasNonNull("type")) {
      secret.put("type", "Opaque");
    }
    JsonNode stringData = secret.remove("stringData");
    if (stringData != null && stringData.isObject()) {
      ObjectNode data = secret.withObject("/data");
      stringData
          .fields()
          .forEachRemaining(
              entry ->
                  data.put(
                      entry.getKey(),
                      Base64.getEncoder()
                          .encodeToString(
                              entry.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    }
  }

  private static void job(ObjectNode job, ObjectNode spec) {
    putIfAbsent(spec, "parallelism", 1);
    putIfAbsent(spec, "completions", 1);
    putIfAbsent(spec, "backoffLimit", 6);
    putIfAbsent(spec, "completionMode", "NonIndexed");
    putIfAbsent(spec, "suspend", false);
    String uid = Meta.uid(job);
    String name = Meta.name(job);
    ObjectNode labels = spec.withObject("/template/metadata/labels");
    labels.put("batch.kubernetes.io/controller-uid", uid).put("batch.kubernetes.io/job-name", name);
    labels.put("controller-uid", uid).put("job-name", name);
    if (!spec.has("selector")) {
      spec.putObject("selector")
          .putObject("matchLabels")
          .put("batch.kubernetes.io/controller-uid", uid);
    }
    if (!Meta.metadata(job).has("labels")) {
      Meta.metadata(job)
          .putObject("labels")
          .put("batch.kubernetes.io/controller-uid", uid)
          .put("batch.kubernetes.io/job-name", name)
          .put("controller-uid", uid)
          .put("job-name", name);
    }
    podSpec(spec.withObject("/template/spec"), false);
  }

  private static void podSpec(ObjectNode spec, boolean pod) {
    putIfAbsent(spec, "restartPolicy", "Always");
    putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(spec, "schedulerName", "default-scheduler");
    putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
    if (!spec.has("securityContext")) {
      spec.putObject("securityContext");
    }
    if (pod) {
      putIfAbsent(spec, "serviceAccountName", "default");
    }
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode container : spec.path(list)) {
        if (container instanceof ObjectNode c) {
          putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
          putIfAbsent(c, "terminationMessagePolicy", "File");
          putIfAbsent(c, "imagePullPolicy", pullPolicy(c.path("image").asText("")));
          if (!c.has("resources")) {
            c.putObject("resources");
          }
        }
      }
    }
  }

  private static String pullPolicy(String image) {
    String last = image.substring(image.lastIndexOf('/') + 1);
    boolean tagged = last.contains(":") || image.contains("@");
    return !tagged || last.endsWith(":latest") ? "Always" : "IfNotPresent";
  }

  private static void putIfAbsent(ObjectNode node, String field, Object value) {
    if (node.hasNonNull(field)) {
      return;
    }
    if (value instanceof Integer i) {
      node.put(field, i);
    } else if (value instanceof Boolean b) {
      node.put(field, b);
    } else {
      node.put(field, value.toString());
    }
  }
}
