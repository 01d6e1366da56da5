package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;

/**
 * The defaults kube-apiserver fills into the built-in kinds (pkg/apis/{core,apps,batch}/v1
 * defaults.go), and the ones its default admission plugins add to pods (Priority,
 * DefaultTolerationSeconds, ServiceAccount's account name); the service account token volume is not
 * added.
 */
final class BuiltInDefaults {
  private BuiltInDefaults() {}

  private static final java.util.Set<String> DEFAULTED =
      java.util.Set.of(
          "apps/deployments",
          "apps/statefulsets",
          "apps/daemonsets",
          "apps/replicasets",
          "batch/jobs",
          "/pods",
          "/services");

  static void apply(ResourceType type, ObjectNode object) {
    if (type.storageKey().equals("/secrets")) {
      secret(object);
    }
    if (type.storageKey().equals("/namespaces")) {
      String name = Meta.name(object);
      if (name != null && !name.isEmpty()) {
        Meta.metadata(object).withObject("/labels").put("kubernetes.io/metadata.name", name);
      }
      ObjectNode spec = object.withObject("/spec");
      if (!spec.has("finalizers")) {
        spec.putArray("finalizers").add("kubernetes");
      }
    }
    if (type.storageKey().equals(ResourceTypes.CRDS)) {
      crd(object.withObject("/spec"));
    }
    if (!DEFAULTED.contains(type.storageKey())) {
      return;
    }
    ObjectNode spec = object.withObject("/spec");
    switch (type.storageKey()) {
      case "apps/deployments" -> {
        putIfAbsent(spec, "replicas", 1);
        ObjectNode strategy = spec.withObject("/strategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
          ObjectNode rolling = strategy.withObject("/rollingUpdate");
          putIfAbsent(rolling, "maxUnavailable", "25%");
          putIfAbsent(rolling, "maxSurge", "25%");
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        podSpec(spec.withObject("/template/spec"), false);
      }
      case "apps/statefulsets" -> {
        putIfAbsent(spec, "replicas", 1);
        putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = spec.withObject("/updateStrategy");
        if (!strategy.hasNonNull("type")) {
          strategy.put("type", "RollingUpdate");
          strategy.withObject("/rollingUpdate");
        }
        if (strategy.path("type").asText().equals("RollingUpdate")
            && strategy.path("rollingUpdate").isObject()) {
          putIfAbsent(strategy.withObject("/rollingUpdate"), "partition", 0);
        }
        ObjectNode retention = spec.withObject("/persistentVolumeClaimRetentionPolicy");
        putIfAbsent(retention, "whenDeleted", "Retain");
        putIfAbsent(retention, "whenScaled", "Retain");
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        podSpec(spec.withObject("/template/spec"), false);
      }
      case "apps/daemonsets" -> {
        ObjectNode strategy = spec.withObject("/updateStrategy");
        putIfAbsent(strategy, "type", "RollingUpdate");
        if (strategy.path("type").asText().equals("RollingUpdate")) {
          ObjectNode rolling = strategy.withObject("/rollingUpdate");
          putIfAbsent(rolling, "maxUnavailable", 1);
          putIfAbsent(rolling, "maxSurge", 0);
        }
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        podSpec(spec.withObject("/template/spec"), false);
      }
      case "apps/replicasets" -> {
        putIfAbsent(spec, "replicas", 1);
        podSpec(spec.withObject("/template/spec"), false);
      }
      case "batch/jobs" -> job(object, spec);
      case "/pods" -> podSpec(spec, true);
      case "/services" -> service(spec);
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

  /** A CRD's singular and list kind follow from its kind; conversion is None unless set. */
  private static void crd(ObjectNode spec) {
    ObjectNode names = spec.withObject("/names");
    String kind = names.path("kind").asText("");
    if (!kind.isEmpty()) {
      if (names.path("singular").asText("").isEmpty()) {
        names.put("singular", kind.toLowerCase(java.util.Locale.ROOT));
      }
      if (names.path("listKind").asText("").isEmpty()) {
        names.put("listKind", kind + "List");
      }
    }
    putIfAbsent(spec.withObject("/conversion"), "strategy", "None");
  }

  private static void job(ObjectNode job, ObjectNode spec) {
    if (!spec.hasNonNull("completions") && !spec.hasNonNull("parallelism")) {
      spec.put("completions", 1);
    }
    putIfAbsent(spec, "parallelism", 1);
    putIfAbsent(spec, "backoffLimit", 6);
    putIfAbsent(spec, "completionMode", "NonIndexed");
    putIfAbsent(spec, "suspend", false);
    putIfAbsent(
        spec,
        "podReplacementPolicy",
        spec.hasNonNull("podFailurePolicy") ? "Failed" : "TerminatingOrFailed");
    putIfAbsent(spec, "manualSelector", false);
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

  private static void service(ObjectNode spec) {
    putIfAbsent(spec, "sessionAffinity", "None");
    putIfAbsent(spec, "type", "ClusterIP");
    for (JsonNode port : spec.path("ports")) {
      if (port instanceof ObjectNode p) {
        putIfAbsent(p, "protocol", "TCP");
        JsonNode target = p.path("targetPort");
        if (target.isMissingNode()
            || target.isNull()
            || (target.isInt() && target.asInt() == 0)
            || (target.isTextual() && target.asText().isEmpty())) {
          p.set("targetPort", p.path("port"));
        }
      }
    }
    String type = spec.path("type").asText();
    if ((type.equals("NodePort") || type.equals("LoadBalancer"))) {
      putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
    }
    if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
      putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
    }
    if (type.equals("LoadBalancer")) {
      putIfAbsent(spec, "allocateLoadBalancerNodePorts", true);
    }
  }

  private static void podSpec(ObjectNode spec, boolean pod) {
    putIfAbsent(spec, "restartPolicy", "Always");
    putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(spec, "schedulerName", "default-scheduler");
    putIfAbsent(spec, "terminationGracePeriodSeconds", 30);
    if (!spec.has("securityContext")) {
      spec.putObject("securityContext");
    }
    for (JsonNode volume : spec.path("volumes")) {
      if (volume instanceof ObjectNode v) {
        volume(v);
      }
    }
    for (String list : new String[] {"initContainers", "containers"}) {
      for (JsonNode container : spec.path(list)) {
        if (container instanceof ObjectNode c) {
          container(c, pod);
        }
      }
    }
    if (pod) {
      // serviceAccount is the deprecated alias the server fills from serviceAccountName
      putIfAbsent(spec, "serviceAccountName", spec.path("serviceAccount").asText("default"));
      spec.put("serviceAccount", spec.path("serviceAccountName").asText());
      putIfAbsent(spec, "enableServiceLinks", true);
      putIfAbsent(spec, "priority", 0);
      putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
      tolerations(spec);
    }
  }

  private static void container(ObjectNode c, boolean pod) {
    putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
    putIfAbsent(c, "terminationMessagePolicy", "File");
    putIfAbsent(c, "imagePullPolicy", pullPolicy(c.path("image").asText("")));
    ObjectNode resources = c.withObject("/resources");
    if (pod && resources.path("limits").isObject()) {
      ObjectNode requests = resources.withObject("/requests");
      resources
          .path("limits")
          .fields()
          .forEachRemaining(l -> requests.putIfAbsent(l.getKey(), l.getValue().deepCopy()));
    }
    for (JsonNode port : c.path("ports")) {
      if (port instanceof ObjectNode p) {
        putIfAbsent(p, "protocol", "TCP");
      }
    }
    for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
      if (c.path(probe) instanceof ObjectNode p) {
        putIfAbsent(p, "timeoutSeconds", 1);
        putIfAbsent(p, "periodSeconds", 10);
        putIfAbsent(p, "successThreshold", 1);
        putIfAbsent(p, "failureThreshold", 3);
        handler(p);
      }
    }
    for (String hook : new String[] {"postStart", "preStop"}) {
      if (c.path("lifecycle").path(hook) instanceof ObjectNode h) {
        handler(h);
      }
    }
    for (JsonNode env : c.path("env")) {
      if (env.path("valueFrom").path("fieldRef") instanceof ObjectNode ref) {
        putIfAbsent(ref, "apiVersion", "v1");
      }
    }
  }

  private static void handler(ObjectNode handler) {
    if (handler.path("httpGet") instanceof ObjectNode get) {
      putIfAbsent(get, "path", "/");
      putIfAbsent(get, "scheme", "HTTP");
    }
  }

  private static void volume(ObjectNode volume) {
    boolean hasSource = false;
    Iterator<String> fields = volume.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      hasSource |= !field.equals("name") && volume.hasNonNull(field);
    }
    if (!hasSource) {
      volume.putObject("emptyDir");
    }
    for (String source : new String[] {"secret", "configMap", "downwardAPI", "projected"}) {
      if (volume.path(source) instanceof ObjectNode s) {
        putIfAbsent(s, "defaultMode", 420);
      }
    }
    for (JsonNode source : volume.path("projected").path("sources")) {
      if (source.path("serviceAccountToken") instanceof ObjectNode token) {
        putIfAbsent(token, "expirationSeconds", 3600);
      }
      for (JsonNode item : source.path("downwardAPI").path("items")) {
        if (item.path("fieldRef") instanceof ObjectNode ref) {
          putIfAbsent(ref, "apiVersion", "v1");
        }
      }
    }
    for (JsonNode item : volume.path("downwardAPI").path("items")) {
      if (item.path("fieldRef") instanceof ObjectNode ref) {
        putIfAbsent(ref, "apiVersion", "v1");
      }
    }
    if (volume.path("hostPath") instanceof ObjectNode hostPath) {
      putIfAbsent(hostPath, "type", "");
    }
  }

  /** DefaultTolerationSeconds: a pod rides out a not-ready or unreachable node for 5 minutes. */
  private static void tolerations(ObjectNode spec) {
    boolean notReady = false;
    boolean unreachable = false;
    for (JsonNode toleration : spec.path("tolerations")) {
      String key = toleration.path("key").asText("");
      String effect = toleration.path("effect").asText("");
      boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
      notReady |= noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/not-ready"));
      unreachable |= noExecute && (key.isEmpty() || key.equals("node.kubernetes.io/unreachable"));
    }
    if (!notReady) {
      addToleration(spec, "node.kubernetes.io/not-ready");
    }
    if (!unreachable) {
      addToleration(spec, "node.kubernetes.io/unreachable");
    }
  }

  private static void addToleration(ObjectNode spec, String key) {
    ArrayNode tolerations = spec.withArray("/tolerations");
    tolerations
        .addObject()
        .put("key", key)
        .put("operator", "Exists")
        .put("effect", "NoExecute")
        .put("tolerationSeconds", 300);
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
