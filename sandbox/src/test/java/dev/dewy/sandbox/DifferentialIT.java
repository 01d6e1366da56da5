package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import dev.dewy.sandbox.testenv.TestClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential checks of the sandbox against kube-apiserver (issue 9): each scenario runs on a
 * fresh sandbox and on a fresh namespace of the real control plane, and what came back (kubectl's
 * exit code and output, HTTP codes, Warning headers and bodies, stored objects) must be the same
 * once {@link DiffNormaliser} has taken out what legitimately differs between any two runs. What
 * the sandbox knowingly does otherwise is in {@link #MASKS}, each naming its entry in {@link
 * Divergence}, which is also the README's list "Differences from kube-apiserver".
 */
@ExtendWith(ControlPlaneExtension.class)
class DifferentialIT {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The differences the sandbox keeps, each with the reason it is not fixed; each {@code readme}
   * text is an entry of sandbox/README.md's "Differences from kube-apiserver" section.
   */
  enum Divergence {
    MANAGED_FIELDS("Server-side apply: no `managedFields`, no conflicts"),
    SIBLING_ORDER("Order of several errors"),
    NO_NODES("No nodes, scheduler or pod network"),
    SERVICE_ACCOUNT_TOKENS("No service account tokens"),
    RBAC_RULES("Rules reviews list one rule"),
    NO_PODS_FOR_WORKLOADS("Workloads run no pods"),
    IMMUTABLE_VALUE("Immutable-field errors omit the value"),
    CONTROLLER_STATUS("Workload and Job status is the stand-ins'");

    final String readme;

    Divergence(String readme) {
      this.readme = readme;
    }
  }

  /**
   * A part of some observations that differs for a listed reason, left out (or rewritten) on both
   * sides. Paths are dotted; {@code *} is every item or field, {@code **} any depth, {@code
   * list[key=value]} and {@code list[key^=prefix]} the matching items of a list (the list goes when
   * nothing is left in it).
   */
  private static final String SORT = "<sort lines>";

  record Mask(
      Divergence why,
      Pattern scenario,
      Pattern observation,
      List<String> paths,
      Pattern text,
      String replacement) {
    static Mask drop(Divergence why, String scenario, String observation, String... paths) {
      return new Mask(
          why, Pattern.compile(scenario), Pattern.compile(observation), List.of(paths), null, null);
    }

    /** Rewrites what {@code text} matches in the observation's strings. */
    static Mask rewrite(
        Divergence why, String scenario, String observation, String text, String replacement) {
      return new Mask(
          why,
          Pattern.compile(scenario),
          Pattern.compile(observation),
          List.of(),
          Pattern.compile(text),
          replacement);
    }

    /** Sorts the lines of the observation's strings: for output whose order varies. */
    static Mask sortLines(Divergence why, String scenario, String observation) {
      return new Mask(
          why, Pattern.compile(scenario), Pattern.compile(observation), List.of(), null, SORT);
    }

    boolean appliesTo(String scenarioName, String observationName) {
      return scenario.matcher(scenarioName).matches()
          && observation.matcher(observationName).matches();
    }

    JsonNode apply(JsonNode node) {
      paths.forEach(p -> removeAt(node, p.split("\\."), 0));
      return text == null && replacement == null ? node : rewriteText(node);
    }

    private String rewrite(String value) {
      if (SORT.equals(replacement)) {
        return String.join("\n", value.lines().sorted().toList());
      }
      return text.matcher(value).replaceAll(replacement);
    }

    private JsonNode rewriteText(JsonNode node) {
      if (node.isTextual()) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(rewrite(node.asText()));
      }
      if (node instanceof ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.forEach(n -> object.set(n, rewriteText(object.get(n))));
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          array.set(i, rewriteText(array.get(i)));
        }
      }
      return node;
    }
  }

  /** Everything the comparison leaves out, in one place, each for a listed divergence. */
  static final List<Mask> MASKS =
      List.of(
          Mask.drop(Divergence.MANAGED_FIELDS, ".*", ".*", "**.managedFields"),
          Mask.drop(Divergence.MANAGED_FIELDS, "server-side apply", "other manager|stored", "*"),
          Mask.drop(Divergence.RBAC_RULES, "auth can-i", "list", "stdout"),
          Mask.drop(
              Divergence.NO_NODES,
              ".*",
              ".*",
              "**.spec.nodeName",
              "**.status.conditions[type=PodScheduled]"),
          Mask.rewrite(
              Divergence.NO_NODES,
              ".*",
              ".*",
              "(?m)^(\\S+  \\S+  \\S+  \\S+  AGE  ADDRESS  )dewy-node",
              "$1<none>"),
          Mask.drop(
              Divergence.SERVICE_ACCOUNT_TOKENS,
              ".*",
              ".*",
              "**.spec.volumes[name^=kube-api-access-]",
              "**.spec.containers.*.volumeMounts[name^=kube-api-access-]"),
          Mask.sortLines(Divergence.SIBLING_ORDER, "custom resource rejected", "several errors"),
          Mask.rewrite(
              Divergence.IMMUTABLE_VALUE,
              ".*",
              ".*",
              "Invalid value: .*: field is immutable",
              "Invalid value: VALUE: field is immutable"));

  @TempDir Path dir;

  static Stream<String> scenarios() {
    return SCENARIOS.keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sandboxAnswersAsKubeApiserverDoes(String name, TestClusters clusters) throws IOException {
    String real = sorted(run(name, clusters, Backend.CONTROL_PLANE));
    String sandbox = sorted(run(name, clusters, Backend.SANDBOX));
    // both sides on disk, for a diff when they differ
    Path out = Files.createDirectories(Path.of("target", "differential"));
    String file = name.replaceAll("[^A-Za-z0-9]+", "-");
    Files.writeString(out.resolve(file + ".kube-apiserver.json"), real);
    Files.writeString(out.resolve(file + ".sandbox.json"), sandbox);

    assertThat(sandbox)
        .as("scenario %s: the sandbox (actual) against kube-apiserver (expected)", name)
        .isEqualTo(real);
  }

  /** Pretty JSON with object keys sorted: key order carries no meaning in JSON. */
  private static String sorted(Map<String, JsonNode> observations) throws IOException {
    Object tree = JSON.convertValue(observations, Object.class);
    return JSON.writer()
        .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .writeValueAsString(tree);
  }

  @Test
  void everyDivergenceIsListedInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## Differences from kube-apiserver (checked by DifferentialIT)");
    assertThat(section).as("README section").isNotNegative();
    String differences = readme.substring(section);
    for (Divergence divergence : Divergence.values()) {
      assertThat(differences).as(divergence.name()).contains("**" + divergence.readme + "**");
    }
  }

  private Map<String, JsonNode> run(String name, TestClusters clusters, Backend backend) {
    try (DiffSession session = new DiffSession(clusters.start(backend, "differential"), dir)) {
      SCENARIOS.get(name).accept(session);
      DiffNormaliser normaliser = new DiffNormaliser(session.namespace());
      Map<String, JsonNode> normalised = new LinkedHashMap<>();
      session
          .observations()
          .forEach(
              (observation, value) -> {
                JsonNode masked = normaliser.normalise(value, false);
                for (Mask mask : MASKS) {
                  if (mask.appliesTo(name, observation)) {
                    masked = mask.apply(masked);
                  }
                }
                normalised.put(observation, masked);
              });
      return normalised;
    }
  }

  private static void removeAt(JsonNode node, String[] path, int at) {
    String segment = path[at];
    if (segment.equals("**")) {
      removeAt(node, path, at + 1);
      node.forEach(child -> removeAt(child, path, at));
      return;
    }
    boolean last = at == path.length - 1;
    int bracket = segment.indexOf('[');
    if (bracket > 0) {
      String list = segment.substring(0, bracket);
      String filter = segment.substring(bracket + 1, segment.length() - 1);
      boolean prefix = filter.contains("^=");
      String[] kv = filter.split("\\^?=", 2);
      if (!(node.get(list) instanceof ArrayNode array)) {
        return;
      }
      for (int i = array.size() - 1; i >= 0; i--) {
        String value = array.get(i).path(kv[0]).asText();
        if (prefix ? value.startsWith(kv[1]) : value.equals(kv[1])) {
          if (last) {
            array.remove(i);
          } else {
            removeAt(array.get(i), path, at + 1);
          }
        }
      }
      if (array.isEmpty()) {
        ((ObjectNode) node).remove(list);
      }
      return;
    }
    if (last) {
      if (node instanceof ObjectNode object) {
        if (segment.equals("*")) {
          object.removeAll();
        } else {
          object.remove(segment);
        }
      }
      return;
    }
    if (segment.equals("*")) {
      node.forEach(child -> removeAt(child, path, at + 1));
    } else if (node.has(segment)) {
      removeAt(node.get(segment), path, at + 1);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The scenarios

  static final String SCHEMA_CRD_NAME = "dewydeployments.schema.dewy.dev";
  static final String MYAPPS = "/apis/schema.dewy.dev/v1alpha1/namespaces/NS/dewydeployments";
  static final String MYAPP = MYAPPS + "/myapp";

  /** The schema tests' DewyDeployment-like CRD, in a group of its own. */
  static String schemaCrd() {
    return KubectlIT.resource("schema/dewydeployments.dewy.dev.yaml")
        .replace("name: dewydeployments.dewy.dev", "name: " + SCHEMA_CRD_NAME)
        .replace("group: dewy.dev", "group: schema.dewy.dev");
  }

  /** The schema tests' myapp in the scenario's namespace, with more spec lines. */
  static String myapp(DiffSession s, String moreSpec) {
    return KubectlIT.resource("schema/myapp.yaml")
            .replace("apiVersion: dewy.dev/v1alpha1", "apiVersion: schema.dewy.dev/v1alpha1")
            .replace("namespace: shop", "namespace: " + s.namespace())
            .stripTrailing()
        + "\n"
        + moreSpec;
  }

  static String myappJson(DiffSession s) {
    try {
      return JSON.writeValueAsString(
              new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                  .readTree(myapp(s, "")))
          .replace("\n", "");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Merge patches each refused for one reason, from the schema unit tests' cases. */
  static final Map<String, String> INVALID_PATCHES = new LinkedHashMap<>();

  static {
    INVALID_PATCHES.put("missing registry", "{\"spec\":{\"registry\":null}}");
    INVALID_PATCHES.put("unknown scheme", "{\"spec\":{\"registry\":\"imgs://x\"}}");
    INVALID_PATCHES.put("target kind Job", "{\"spec\":{\"target\":{\"kind\":\"Job\"}}}");
    INVALID_PATCHES.put("empty target name", "{\"spec\":{\"target\":{\"name\":\"\"}}}");
    INVALID_PATCHES.put("malformed duration", "{\"spec\":{\"interval\":\"5 minutes\"}}");
    INVALID_PATCHES.put(
        "negative retries", "{\"spec\":{\"hooks\":{\"beforeDeploy\":{\"retries\":-1}}}}");
    INVALID_PATCHES.put(
        "retries as text", "{\"spec\":{\"hooks\":{\"beforeDeploy\":{\"retries\":\"three\"}}}}");
    INVALID_PATCHES.put(
        "fractional retries", "{\"spec\":{\"hooks\":{\"beforeDeploy\":{\"retries\":1.5}}}}");
    INVALID_PATCHES.put("suspend as text", "{\"spec\":{\"suspend\":\"yes\"}}");
    INVALID_PATCHES.put("history below minimum", "{\"spec\":{\"historyLimit\":0}}");
    INVALID_PATCHES.put("history above maximum", "{\"spec\":{\"historyLimit\":101}}");
    INVALID_PATCHES.put(
        "env as a map", "{\"spec\":{\"hooks\":{\"beforeDeploy\":{\"env\":{\"STAGE\":\"pre\"}}}}}");
    INVALID_PATCHES.put(
        "env entry without name",
        "{\"spec\":{\"hooks\":{\"beforeDeploy\":{\"env\":[{\"name\":\"A\"},{\"value\":\"x\"}]}}}}");
    INVALID_PATCHES.put(
        "null env entry", "{\"spec\":{\"hooks\":{\"beforeDeploy\":{\"env\":[null]}}}}");
    INVALID_PATCHES.put(
        "too many env entries",
        "{\"spec\":{\"hooks\":{\"beforeDeploy\":{\"env\":[{\"name\":\"A\"},{\"name\":\"B\"},"
            + "{\"name\":\"C\"},{\"name\":\"D\"},{\"name\":\"E\"}]}}}}");
    INVALID_PATCHES.put(
        "too long secret name", "{\"spec\":{\"credentialsSecret\":\"" + "x".repeat(254) + "\"}}");
    INVALID_PATCHES.put("annotation not a string", "{\"spec\":{\"podAnnotations\":{\"team\":3}}}");
    INVALID_PATCHES.put(
        "int-or-string given a boolean", "{\"spec\":{\"rollout\":{\"maxUnavailable\":true}}}");
    INVALID_PATCHES.put("null target", "{\"spec\":{\"target\":null}}");
    INVALID_PATCHES.put(
        "embedded resource without kind",
        "{\"spec\":{\"podTemplate\":{\"apiVersion\":\"v1\",\"spec\":{}}}}");
    INVALID_PATCHES.put("repeated tag in a set", "{\"spec\":{\"tags\":[\"a\",\"b\",\"a\",\"a\"]}}");
    INVALID_PATCHES.put("date-time not RFC 3339", "{\"status\":{\"lastCheckedAt\":\"yesterday\"}}");
  }

  static final String GAUGE_CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: gauges.difftest.dewy.dev
      spec:
        group: difftest.dewy.dev
        scope: Namespaced
        names: {plural: gauges, kind: Gauge}
        versions:
          - name: v1
            served: true
            storage: true
            deprecated: false
            additionalPrinterColumns:
              - {name: Level, type: integer, jsonPath: .spec.level, priority: 0, description: ""}
              - {name: Unit, type: string, jsonPath: .spec.unit, priority: 1, format: ""}
              - {name: Since, type: date, jsonPath: .metadata.creationTimestamp}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: []
                    properties:
                      level: {type: integer, nullable: false, description: ""}
                      unit: {type: string, x-kubernetes-int-or-string: false}
      """;

  static final String GAUGE =
      """
      apiVersion: difftest.dewy.dev/v1
      kind: Gauge
      metadata:
        name: fuel
      spec: {level: 7, unit: litres}
      """;

  static final String PLAIN_CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: plains.difftest.dewy.dev
      spec:
        group: difftest.dewy.dev
        scope: Namespaced
        names: {plural: plains, kind: Plain}
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;

  static final String PLAIN =
      """
      apiVersion: difftest.dewy.dev/v1
      kind: Plain
      metadata:
        name: one
      spec: {anything: 1}
      """;

  static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: regcred
      stringData:
        password: s3cr3t
      """;

  static final String CONFIG_MAP =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        mode: fast
      """;

  static final String LEASE =
      """
      {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"op-lock"},
       "spec":{"holderIdentity":"op-1","leaseDurationSeconds":15,
        "acquireTime":"2026-03-15T10:30:45.123456Z","renewTime":"2026-03-15T12:30:46.500000+02:00"}}
      """;

  static final String CORE_EVENT =
      """
      {"apiVersion":"v1","kind":"Event","metadata":{"name":"gizmo.1"},"type":"Warning",
       "reason":"BeforeHookFailed","message":"pre-check exited 3",
       "involvedObject":{"kind":"Widget","name":"gizmo","namespace":"NS"},
       "firstTimestamp":"2026-03-15T10:30:45.123Z","lastTimestamp":"2026-03-15T10:30:46.456Z",
       "count":2,"source":{"component":"dewy-operator"}}
      """;

  static final String NEW_EVENT =
      """
      {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"gizmo.2"},
       "eventTime":"2026-03-15T10:30:45.123456Z","reportingController":"dewy.dev/operator",
       "reportingInstance":"dewy-operator-1","action":"Deploy","reason":"Updated","type":"Normal",
       "note":"rolled out v2","regarding":{"kind":"Widget","name":"gizmo","namespace":"NS"}}
      """;

  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        annotations:
          kubernetes.io/change-cause: first
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: app
                image: app:1
                ports: [{containerPort: 8080, name: http}]
                env: [{name: MODE, value: fast}, {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                readinessProbe:
                  httpGet: {port: http}
                resources:
                  limits: {cpu: 500m, memory: 128Mi}
              - name: sidecar
                image: proxy:1
            volumes:
              - name: scratch
              - name: config
                configMap: {name: settings, optional: true}
      """;

  static final Map<String, Consumer<DiffSession>> SCENARIOS = new LinkedHashMap<>();

  private static void scenario(String name, Consumer<DiffSession> body) {
    SCENARIOS.put(name, body);
  }

  static {
    scenario(
        "kubectl version",
        s -> {
          var result = s.kubectlOk("version");
          s.record(
              "server",
              result.stdout().lines().filter(l -> l.startsWith("Server")).findFirst().orElse(""));
        });
    scenario(
        "configmap created, listed and deleted",
        s -> {
          s.kubectl("create", "create", "configmap", "settings", "--from-literal=mode=fast");
          s.stored("stored", "/api/v1/namespaces/NS/configmaps/settings");
          s.kubectl("table", "get", "configmaps", "settings");
          s.kubectl("again", "create", "configmap", "settings", "--from-literal=mode=slow");
          s.http("delete", "DELETE", "/api/v1/namespaces/NS/configmaps/settings", null, null);
          s.kubectl("gone", "get", "configmap", "settings");
          s.kubectl("nowhere", "create", "configmap", "c", "-n", "nowhere-at-all");
        });
    scenario(
        "secret from stringData, and a docker-registry secret",
        s -> {
          s.kubectlOk("apply", "-f", s.file("secret.yaml", SECRET));
          s.stored("stored", "/api/v1/namespaces/NS/secrets/regcred");
          s.kubectl(
              "docker",
              "create",
              "secret",
              "docker-registry",
              "pull",
              "--docker-server=registry.example.com",
              "--docker-username=u",
              "--docker-password=p");
          s.stored("docker stored", "/api/v1/namespaces/NS/secrets/pull");
          s.kubectl("table", "get", "secrets", "regcred", "pull");
        });
    scenario(
        "namespace created imperatively",
        s -> {
          String name = s.namespace() + "-x";
          s.kubectl("create", "create", "namespace", name);
          JsonNode stored = s.stored("stored", "/api/v1/namespaces/" + name);
          s.kubectl("table", "get", "namespace", name);
          s.client().namespaces().withName(name).delete();
        });
    scenario(
        "service account and lease",
        s -> {
          s.kubectl("create", "create", "serviceaccount", "robot");
          s.stored("stored", "/api/v1/namespaces/NS/serviceaccounts/robot");
          s.http(
              "lease",
              "POST",
              "/apis/coordination.k8s.io/v1/namespaces/NS/leases",
              "application/json",
              LEASE);
          s.http(
              "nanoseconds",
              "POST",
              "/apis/coordination.k8s.io/v1/namespaces/NS/leases",
              "application/json",
              LEASE.replace("op-lock", "nano").replace(".123456Z", ".123456789Z"));
          s.kubectl("leases", "get", "leases", "op-lock");
        });
    scenario(
        "events with timestamps of millisecond precision",
        s -> {
          s.http("core", "POST", "/api/v1/namespaces/NS/events", "application/json", CORE_EVENT);
          s.http(
              "events.k8s.io",
              "POST",
              "/apis/events.k8s.io/v1/namespaces/NS/events",
              "application/json",
              NEW_EVENT);
          s.kubectl("table", "get", "events", "-o", "wide");
        });
    scenario(
        "deployment applied, rolled out, listed",
        s -> {
          s.kubectl("apply", "apply", "-f", s.file("web.yaml", DEPLOYMENT));
          s.await("--for=condition=Available", "deployment/web");
          s.kubectlOk("rollout", "status", "deployment/web", "--timeout=80s");
          s.stored("stored", "/apis/apps/v1/namespaces/NS/deployments/web");
          s.kubectl("table", "get", "deployment", "web", "-o", "wide");
          s.kubectl("replicasets", "get", "replicasets", "-l", "app=web");
          s.kubectl("history", "rollout", "history", "deployment/web");
        });
    scenario(
        "deployment rolled back",
        s -> {
          s.kubectlOk("apply", "-f", s.file("web.yaml", DEPLOYMENT));
          s.kubectlOk("rollout", "status", "deployment/web", "--timeout=80s");
          s.kubectlOk("set", "image", "deployment/web", "app=app:2");
          s.kubectlOk("rollout", "status", "deployment/web", "--timeout=80s");
          s.kubectl("undo", "rollout", "undo", "deployment/web");
          s.kubectlOk("rollout", "status", "deployment/web", "--timeout=80s");
          s.kubectl("history", "rollout", "history", "deployment/web");
          var images =
              s.kubectlOk(
                  "get",
                  "replicasets",
                  "-l",
                  "app=web",
                  "-o",
                  "jsonpath={range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision}"
                      + " {.spec.replicas} {.spec.template.spec.containers[0].image}{\"\\n\"}{end}");
          // by revision: the list is sorted by name, and the names hold hashes that differ
          s.record("images", String.join("\n", images.stdout().lines().sorted().toList()));
          s.kubectl("scale", "scale", "deployment/web", "--replicas=3");
          s.kubectl(
              "scaled",
              "get",
              "deployment",
              "web",
              "-o",
              "jsonpath={.metadata.generation} {.spec.replicas}"
                  + " {.metadata.annotations.deployment\\.kubernetes\\.io/revision}");
        });
    scenario(
        "kubectl create deployment",
        s -> {
          s.kubectl(
              "create",
              "create",
              "deployment",
              "web",
              "--image=nginx:1.25",
              "--replicas=2",
              "--port=80");
          s.kubectlOk("rollout", "status", "deployment/web", "--timeout=80s");
          JsonNode stored = s.stored("stored", "/apis/apps/v1/namespaces/NS/deployments/web");
          ((ObjectNode) stored).remove("status");
        });
    scenario(
        "kubectl create job runs it",
        s -> {
          s.kubectl("create", "create", "job", "once", "--image=busybox:1.36", "--", "echo", "hi");
          s.await("--for=condition=Complete", "job/once");
          JsonNode job = s.stored("stored", "/apis/batch/v1/namespaces/NS/jobs/once");
          s.kubectl("logs", "logs", "job/once");
          s.kubectl("table", "get", "jobs", "once", "-o", "wide");
          s.kubectl("pods", "get", "pods", "-l", "job-name=once");
        });
    scenario(
        "kubectl run to completion",
        s -> {
          s.kubectl(
              "run",
              "run",
              "once",
              "--image=busybox:1.36",
              "--restart=Never",
              "--",
              "sh",
              "-c",
              "echo hi; echo oops >&2");
          s.await("--for=jsonpath={.status.phase}=Succeeded", "pod/once");
          s.stored("stored", "/api/v1/namespaces/NS/pods/once");
          s.kubectl("logs", "logs", "once");
          s.kubectl("table", "get", "pods", "once");
        });
    scenario(
        "kubectl run serving",
        s -> {
          s.kubectl("run", "run", "web", "--image=nginx:1.25", "--port=80", "--labels=app=web");
          s.await("--for=condition=Ready", "pod/web");
          s.kubectl("table", "get", "pods", "web", "-o", "wide");
          s.kubectl("delete", "delete", "pod", "web", "--wait=true");
        });
    scenario(
        "job template is immutable",
        s -> {
          s.kubectlOk("create", "job", "once", "--image=busybox:1.36", "--", "echo", "hi");
          s.kubectl(
              "patch",
              "patch",
              "job",
              "once",
              "--type=merge",
              "-p",
              "{\"spec\":{\"template\":{\"spec\":{\"activeDeadlineSeconds\":5}}}}");
        });
    scenario(
        "stale update, bad patch type, dry run",
        s -> {
          s.kubectlOk("create", "configmap", "c", "--from-literal=a=b");
          JsonNode current =
              s.http(null, "GET", "/api/v1/namespaces/NS/configmaps/c", null, null).body();
          ObjectNode stale = current.deepCopy();
          ((ObjectNode) stale.get("metadata")).put("resourceVersion", "1");
          s.http(
              "stale put",
              "PUT",
              "/api/v1/namespaces/NS/configmaps/c",
              "application/json",
              stale.toString());
          s.http(
              "text patch",
              "PATCH",
              "/api/v1/namespaces/NS/configmaps/c",
              "text/plain",
              "{\"data\":{\"a\":\"c\"}}");
          s.kubectl(
              "dry run",
              "create",
              "configmap",
              "dry",
              "--from-literal=a=b",
              "--dry-run=server",
              "-o",
              "json");
          s.kubectl("not stored", "get", "configmap", "dry");
          s.http("no such type", "GET", "/apis/nope.dewy.dev/v1/things", null, null);
          s.kubectl("no such kind", "get", "things");
        });
    scenario(
        "auth can-i",
        s -> {
          s.kubectl("single", "auth", "can-i", "create", "pods");
          s.kubectl("list", "auth", "can-i", "--list");
          s.http(
              "access review",
              "POST",
              "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
              "application/json",
              "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                  + "\"spec\":{\"resourceAttributes\":{\"namespace\":\"NS\",\"verb\":\"update\","
                  + "\"group\":\"coordination.k8s.io\",\"resource\":\"leases\"}}}");
          s.http(
              "get a review",
              "GET",
              "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
              null,
              null);
        });
    scenario(
        "CRD stored as the server keeps it",
        s -> {
          s.crd(SCHEMA_CRD_NAME, schemaCrd());
          JsonNode crd =
              s.stored(
                  "stored",
                  "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + SCHEMA_CRD_NAME);
          s.kubectl("api-resources", "api-resources", "--api-group=schema.dewy.dev");
        });
    scenario(
        "CRD printer columns",
        s -> {
          s.crd("gauges.difftest.dewy.dev", GAUGE_CRD);
          s.stored(
              "stored",
              "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gauges.difftest.dewy.dev");
          s.kubectlOk("apply", "-f", s.file("gauge.yaml", GAUGE));
          s.kubectl("table", "get", "gauges");
          s.kubectl("wide", "get", "gauges", "-o", "wide");
          s.crd("plains.difftest.dewy.dev", PLAIN_CRD);
          s.kubectlOk("apply", "-f", s.file("plain.yaml", PLAIN));
          s.kubectl("no columns", "get", "plains");
        });
    scenario(
        "custom resource accepted, pruned and defaulted",
        s -> {
          s.crd(SCHEMA_CRD_NAME, schemaCrd());
          s.kubectl("apply", "apply", "-f", s.file("myapp.yaml", myapp(s, "")));
          s.stored("stored", MYAPP);
          String typo =
              myappJson(s).replace("\"registry\"", "\"registy\":\"img://typo\",\"registry\"");
          for (String validation : new String[] {"Warn", "Strict", "Ignore"}) {
            s.http(
                validation,
                "POST",
                MYAPPS + "?fieldValidation=" + validation,
                "application/json",
                typo.replace("\"myapp\"", "\"" + validation.toLowerCase() + "\""));
          }
          s.kubectl(
              "strict apply",
              "apply",
              "--validate=strict",
              "-f",
              s.file("typo.yaml", myapp(s, "  registy: img://typo\n").replace("myapp", "typo")));
          s.kubectl(
              "nulls",
              "apply",
              "-f",
              s.file(
                  "nulls.yaml",
                  myapp(
                          s,
                          "  version: null\n  suspend: null\n  notifier: null\n"
                              + "  podAnnotations: {team: shop, owner: null}\n")
                      .replace("name: myapp", "name: nulls")));
          s.stored("nulls stored", MYAPPS + "/nulls");
        });
    scenario(
        "custom resource rejected",
        s -> {
          s.crd(SCHEMA_CRD_NAME, schemaCrd());
          s.kubectlOk("apply", "-f", s.file("myapp.yaml", myapp(s, "")));
          INVALID_PATCHES.forEach(
              (name, patch) ->
                  s.kubectl(
                      name,
                      "patch",
                      "dewydeployments.schema.dewy.dev",
                      "myapp",
                      "--type=merge",
                      "-p",
                      patch));
          s.kubectl(
              "several errors",
              "patch",
              "dewydeployments.schema.dewy.dev",
              "myapp",
              "--type=merge",
              "-p",
              "{\"spec\":{\"registry\":null,\"target\":{\"kind\":\"Job\"},\"interval\":\"soon\"}}");
          s.http(
              "http 422",
              "PATCH",
              MYAPP,
              "application/merge-patch+json",
              "{\"spec\":{\"historyLimit\":0}}");
          s.stored("unchanged", MYAPP);
        });
    scenario(
        "custom resource writes: status, generation, no-op, dry run",
        s -> {
          s.crd(SCHEMA_CRD_NAME, schemaCrd());
          s.kubectlOk("apply", "-f", s.file("myapp.yaml", myapp(s, "")));
          s.kubectl(
              "status",
              "patch",
              "dewydeployments.schema.dewy.dev",
              "myapp",
              "--subresource=status",
              "--type=merge",
              "-p",
              "{\"status\":{\"phase\":\"Idle\",\"colour\":\"green\"}}");
          s.kubectl(
              "status via main",
              "patch",
              "dewydeployments.schema.dewy.dev",
              "myapp",
              "--type=merge",
              "-p",
              "{\"status\":{\"phase\":\"Failed\"}}");
          s.kubectl("label", "label", "dewydeployments.schema.dewy.dev", "myapp", "team=shop");
          s.kubectl(
              "no-op",
              "patch",
              "dewydeployments.schema.dewy.dev",
              "myapp",
              "--type=merge",
              "-p",
              "{\"spec\":{\"registy\":\"x\"}}");
          s.kubectl(
              "spec",
              "patch",
              "dewydeployments.schema.dewy.dev",
              "myapp",
              "--type=json",
              "-p",
              "[{\"op\":\"replace\",\"path\":\"/spec/interval\",\"value\":\"5m\"}]");
          s.http(
              "strategic",
              "PATCH",
              MYAPP,
              "application/strategic-merge-patch+json",
              "{\"spec\":{\"interval\":\"9m\"}}");
          s.http(
              "dry run",
              "PATCH",
              MYAPP + "?dryRun=All",
              "application/merge-patch+json",
              "{\"spec\":{\"interval\":\"7m\"}}");
          s.stored("stored", MYAPP);
          s.kubectl("delete", "delete", "dewydeployments.schema.dewy.dev", "myapp");
        });
    scenario(
        "CRD that is not structural",
        s ->
            s.kubectl(
                "apply",
                "apply",
                "-f",
                s.file(
                    "gadget.yaml",
                    schemaCrd()
                        .replace(SCHEMA_CRD_NAME, "gadgets.schema.dewy.dev")
                        .replace("plural: dewydeployments", "plural: gadgets")
                        .replace("singular: dewydeployment", "singular: gadget")
                        .replace("kind: DewyDeployment", "kind: Gadget")
                        .replace("shortNames: [dd]", "shortNames: [gd]")
                        .replace(
                            "            spec:\n              type: object\n",
                            "            spec:\n"))));
    scenario(
        "kubectl create service",
        s -> {
          s.kubectl("create", "create", "service", "clusterip", "web", "--tcp=80:8080");
          s.stored("stored", "/api/v1/namespaces/NS/services/web");
          s.kubectl("table", "get", "services", "web", "-o", "wide");
        });
    scenario(
        "server-side apply",
        s -> {
          s.kubectl("first", "apply", "--server-side", "-f", s.file("cm.yaml", CONFIG_MAP));
          s.kubectl(
              "other manager",
              "apply",
              "--server-side",
              "--field-manager=other",
              "-f",
              s.file("cm2.yaml", CONFIG_MAP.replace("mode: fast", "mode: slow")));
          s.stored("stored", "/api/v1/namespaces/NS/configmaps/settings");
        });
  }

  private static List<String> lines(String text) {
    return new ArrayList<>(text.lines().toList());
  }
}
