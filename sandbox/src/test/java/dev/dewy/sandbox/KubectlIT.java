package dev.dewy.sandbox;

import static dev.dewy.sandbox.TestObjects.WIDGETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import dev.dewy.sandbox.testenv.TestCluster;
import dev.dewy.sandbox.testenv.TestClusters;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sandbox as the real kubectl (of the control plane's version) sees it, beside kube-apiserver
 * answering the same commands: each assertion holds on both, or says how and why they differ.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(ControlPlaneExtension.class)
class KubectlIT {

  static final String WIDGET_CRD = "widgets.test.dewy.dev";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Parameter Backend backend;
  @TempDir Path dir;

  private TestCluster cluster;
  private KubernetesClient client;
  private Kubectl kubectl;
  private String namespace;
  private final List<String> namespaces = new ArrayList<>();

  @BeforeEach
  void startCluster(TestClusters clusters) {
    cluster = clusters.start(backend, "kubectl-it");
    namespace = cluster.namespace();
    client = cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(namespace);
    kubectl = cluster.kubectl();
    TestCrds.deleteAndAwaitGone(client, WIDGET_CRD);
  }

  @AfterEach
  void stopCluster() {
    try {
      TestCrds.deleteAndAwaitGone(client, WIDGET_CRD);
      namespaces.forEach(n -> client.namespaces().withName(n).delete());
    } finally {
      cluster.close();
    }
  }

  @Test
  void versionReportsTheServerVersionOfTheControlPlane() {
    var result = kubectl.run("version");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("Server Version: v1.34.4");
  }

  @Test
  void appliedCrdAppearsInApiResourcesWithItsShortName() {
    givenWidgetCrd();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var result = kubectl.run("api-resources", "--api-group=test.dewy.dev");
              assertThat(result.exitCode()).as(result.toString()).isZero();
              assertThat(result.stdout())
                  .containsPattern("widgets\\s+wd\\s+test.dewy.dev/v1\\s+true\\s+Widget");
            });
  }

  @Test
  void applyCreatesThenLeavesUnchangedThenConfigures() throws IOException {
    givenWidgetCrd();
    applyOk(widgetFile(), "widget.test.dewy.dev/gizmo created");
    applyOk(widgetFile(), "widget.test.dewy.dev/gizmo unchanged");
    Path changed = write("widget-changed.yaml", widgetYaml().replace("size: 3", "size: 5"));
    var result = kubectl.run("apply", "-f", changed.toString());
    assertThat(result.stdout())
        .as(result.toString())
        .contains("widget.test.dewy.dev/gizmo configured");
    assertThat((Object) spec(widget()))
        .isEqualTo(Map.of("size", 5, "color", "blue", "parts", List.of("a", "b")));
  }

  @Test
  void serverSideApplyCreatesAndThenUpdates() throws IOException {
    givenWidgetCrd();
    var created = kubectl.run("apply", "--server-side", "-f", widgetFile().toString());
    assertThat(created.stdout())
        .as(created.toString())
        .contains("widget.test.dewy.dev/gizmo serverside-applied");
    Path changed = write("widget-red.yaml", widgetYaml().replace("color: blue", "color: red"));
    var updated =
        kubectl.run("apply", "--server-side", "--field-manager=test", "-f", changed.toString());
    if (backend == Backend.SANDBOX) {
      // README, differences: no server-side apply conflicts; the last apply wins
      assertThat(updated.exitCode()).as(updated.toString()).isZero();
      assertThat(spec(widget())).containsEntry("color", "red").containsEntry("size", 3);
    } else {
      assertThat(updated.exitCode()).as(updated.toString()).isNotZero();
      assertThat(updated.stderr())
          .contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.color");
      assertThat(spec(widget())).containsEntry("color", "blue").containsEntry("size", 3);
    }
    var forced =
        kubectl.run(
            "apply",
            "--server-side",
            "--force-conflicts",
            "--field-manager=test",
            "-f",
            changed.toString());
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(spec(widget())).containsEntry("color", "red").containsEntry("size", 3);
  }

  @Test
  void getPrintsTheCrdPrinterColumns() {
    givenGizmo();
    setReady("True");
    var result = kubectl.run("get", "wd");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).containsPattern("NAME\\s+READY\\s+SIZE\\s+AGE");
    assertThat(result.stdout()).containsPattern("gizmo\\s+True\\s+3\\s+\\d+s");
  }

  @Test
  void getYamlAndDescribeShowTheObject() {
    givenGizmo();
    var yaml = kubectl.run("get", "widget", "gizmo", "-o", "yaml");
    assertThat(yaml.stdout())
        .as(yaml.toString())
        .contains("kind: Widget", "color: blue", "uid:", "generation: 1");
    var described = kubectl.run("describe", "wd", "gizmo");
    assertThat(described.exitCode()).as(described.toString()).isZero();
    assertThat(described.stdout()).contains("Name:", "gizmo", "Color:", "blue");
  }

  @Test
  void explainPrintsFieldDescriptionsFromTheCrdSchema() {
    givenWidgetCrd();
    // kube-apiserver publishes a new CRD's OpenAPI a moment after the CRD is Established
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var result = kubectl.run("explain", "widget.spec.hooks");
              assertThat(result.exitCode()).as(result.toString()).isZero();
              assertThat(result.stdout())
                  .contains("Commands run around each change of the widget.")
                  .contains("Runs before the widget changes; failure aborts the change.");
            });
  }

  @Test
  void mergeJsonAndStatusPatchesChangeWhatTheySay() {
    givenGizmo();
    var merge =
        kubectl.run(
            "patch",
            "wd",
            "gizmo",
            "--type",
            "merge",
            "-p",
            "{\"spec\":{\"parts\":[\"c\"],\"color\":null}}");
    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(spec(widget())).isEqualTo(Map.of("size", 3, "parts", List.of("c")));
    var json =
        kubectl.run(
            "patch",
            "wd",
            "gizmo",
            "--type",
            "json",
            "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/size\",\"value\":7}]");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(spec(widget())).containsEntry("size", 7);
    var status =
        kubectl.run(
            "patch",
            "wd",
            "gizmo",
            "--subresource=status",
            "--type",
            "merge",
            "-p",
            "{\"status\":{\"phase\":\"Idle\"}}");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat((Object) widget().get("status")).isEqualTo(Map.of("phase", "Idle"));
  }

  @Test
  void patchThatOnlyAddsAPrunedFieldChangesNothing() {
    givenGizmo();
    var result =
        kubectl.run("patch", "wd", "gizmo", "--type", "merge", "-p", "{\"spec\":{\"colour\":1}}");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("widget.test.dewy.dev/gizmo patched (no change)");
    assertThat(result.stderr()).contains("Warning: unknown field \"spec.colour\"");
    assertThat(widget().getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void strategicPatchMergesDeploymentContainersByName() {
    client.apps().deployments().resource(TestObjects.deployment("app:1")).create();
    var result =
        kubectl.run(
            "patch",
            "deployment",
            "web",
            "--type",
            "strategic",
            "-p",
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"app:2\"}]}}}}");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(TestObjects.webContainers(client)).containsExactly("app=app:2", "sidecar=proxy:1");
  }

  @Test
  void waitReturnsOnceTheConditionIsSetLater() {
    givenGizmo();
    var waiting = kubectl.start("wait", "--for=condition=Ready", "wd/gizmo", "--timeout=60s");
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> waiting.process().isAlive());
    setReady("True");
    await().atMost(PATIENCE).until(() -> !waiting.process().isAlive());
    assertThat(waiting.process().exitValue()).as(waiting.stderr()).isZero();
    assertThat(waiting.stdout()).contains("widget.test.dewy.dev/gizmo condition met");
  }

  @Test
  void getWatchSeesAnUpdate() {
    givenGizmo();
    try (var watching = kubectl.start("get", "wd", "-w")) {
      await().atMost(PATIENCE).until(() -> watching.stdout().contains("gizmo"));
      setReady("True");
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(watching.stdout()).containsPattern("gizmo\\s+True\\s+3"));
    }
  }

  @Test
  void deletingAnOwnerRemovesItsJobsAndTheirPods() {
    givenGizmo();
    String widgetUid =
        client.genericKubernetesResources(WIDGETS).withName("gizmo").get().getMetadata().getUid();
    var job =
        client
            .batch()
            .v1()
            .jobs()
            .resource(
                new JobBuilder(TestObjects.job("gizmo-hook"))
                    .editMetadata()
                    .addNewOwnerReference()
                    .withApiVersion("test.dewy.dev/v1")
                    .withKind("Widget")
                    .withName("gizmo")
                    .withUid(widgetUid)
                    .endOwnerReference()
                    .endMetadata()
                    .build())
            .create();
    client
        .pods()
        .resource(
            new PodBuilder(TestObjects.pod("gizmo-hook-x1"))
                .editMetadata()
                .addNewOwnerReference()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName("gizmo-hook")
                .withUid(job.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    var result = kubectl.run("delete", "wd", "gizmo");
    assertThat(result.stdout())
        .as(result.toString())
        .contains("widget.test.dewy.dev \"gizmo\" deleted");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(client.batch().v1().jobs().list().getItems()).isEmpty();
              assertThat(client.pods().list().getItems()).isEmpty();
            });
  }

  @Test
  void objectsInAMissingNamespaceAreRefusedUntilItIsCreated() throws IOException {
    givenWidgetCrd();
    String shop = TestNames.unique("shop");
    Path unplaced =
        write("unplaced.yaml", widgetYaml().replace("  namespace: " + namespace + "\n", ""));
    var refused = kubectl.run("apply", "-n", shop, "-f", unplaced.toString());
    assertThat(refused.stderr())
        .as(refused.toString())
        .contains("namespaces \"" + shop + "\" not found");
    namespaces.add(shop);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(shop).endMetadata().build())
        .create();
    var listed = kubectl.run("get", "ns");
    assertThat(listed.stdout())
        .containsPattern("NAME\\s+STATUS\\s+AGE")
        .containsPattern(shop + "\\s+Active\\s+\\d+s");
  }

  @Test
  void imperativeCreateOfNamespaceSecretAndConfigMapWorks() {
    String shop = TestNames.unique("shop");
    namespaces.add(shop);
    assertThat(kubectl.run("create", "namespace", shop).stdout())
        .contains("namespace/" + shop + " created");
    var secret =
        kubectl.run(
            "create", "secret", "generic", "regcred", "-n", shop, "--from-literal=password=s3cr3t");
    assertThat(secret.stdout()).as(secret.toString()).contains("secret/regcred created");
    assertThat(client.secrets().inNamespace(shop).withName("regcred").get().getData())
        .containsEntry(
            "password", java.util.Base64.getEncoder().encodeToString("s3cr3t".getBytes()));
    var config = kubectl.run("create", "configmap", "settings", "--from-literal=mode=fast");
    assertThat(config.stdout()).as(config.toString()).contains("configmap/settings created");
    assertThat(client.configMaps().withName("settings").get().getData())
        .containsEntry("mode", "fast");
  }

  @Test
  void imperativeCreateOfDeploymentAndJobWorks() {
    var deployment =
        kubectl.run("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2");
    assertThat(deployment.stdout())
        .as(deployment.toString())
        .contains("deployment.apps/web created");
    var web = client.apps().deployments().withName("web").get();
    assertThat(web.getMetadata().getLabels()).containsExactly(Map.entry("app", "web"));
    assertThat(web.getSpec().getReplicas()).isEqualTo(2);
    assertThat(web.getSpec().getSelector().getMatchLabels())
        .containsExactly(Map.entry("app", "web"));
    assertThat(web.getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getName()).isEqualTo("nginx");
              assertThat(c.getImage()).isEqualTo("nginx:1.25");
            });
    succeeds(
        kubectl.run(PATIENCE, "rollout", "status", "deployment/web", "--timeout=" + seconds()));

    var job = kubectl.run("create", "job", "once", "--image=busybox:1.36", "--", "echo", "hi");
    assertThat(job.stdout()).as(job.toString()).contains("job.batch/once created");
    succeeds(wait("--for=condition=Complete", "job/once"));
    var logs = kubectl.run("logs", "job/once");
    assertThat(logs.stdout()).as(logs.toString()).isEqualTo("hi\n");
  }

  @Test
  void podCreatedByKubectlRunRunsToCompletionOrServes() {
    var once =
        kubectl.run(
            "run", "once", "--image=busybox:1.36", "--restart=Never", "--", "sh", "-c", "echo hi");
    assertThat(once.stdout()).as(once.toString()).contains("pod/once created");
    succeeds(wait("--for=jsonpath={.status.phase}=Succeeded", "pod/once"));
    assertThat(kubectl.run("logs", "once").stdout()).isEqualTo("hi\n");

    var serving = kubectl.run("run", "serving", "--image=nginx:1.25");
    assertThat(serving.stdout()).as(serving.toString()).contains("pod/serving created");
    succeeds(wait("--for=condition=Ready", "pod/serving"));
    var pods = kubectl.run("get", "pods");
    assertThat(pods.stdout())
        .as(pods.toString())
        .containsPattern("once\\s+0/1\\s+Completed\\s+0\\s+\\d+s")
        .containsPattern("serving\\s+1/1\\s+Running\\s+0\\s+\\d+s");
  }

  @Test
  void getPodsAndJobsShowsTheirStatusColumns() {
    client.pods().resource(TestObjects.pod("hook-x1")).create();
    client.batch().v1().jobs().resource(TestObjects.job("hook")).create();
    succeeds(wait("--for=condition=Ready", "pod/hook-x1"));
    succeeds(wait("--for=condition=Complete", "job/hook"));

    var pods = kubectl.run("get", "pods");
    assertThat(pods.stdout())
        .as(pods.toString())
        .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE")
        .containsPattern("hook-x1\\s+1/1\\s+Running\\s+0\\s+\\d+s")
        .containsPattern("hook-[a-z0-9]{5}\\s+0/1\\s+Completed\\s+0\\s+\\d+s");
    var jobs = kubectl.run("get", "jobs");
    assertThat(jobs.stdout())
        .as(jobs.toString())
        .containsPattern("NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE")
        .containsPattern("hook\\s+Complete\\s+1/1\\s+\\d+s\\s+\\d+s");
  }

  @Test
  void scaleSetsDeploymentReplicasThroughTheScaleSubresource() {
    client.apps().deployments().resource(TestObjects.deployment("app:1")).create();
    var result = kubectl.run("scale", "deployment", "web", "--replicas=3");
    assertThat(result.stdout()).as(result.toString()).contains("deployment.apps/web scaled");
    var web = client.apps().deployments().withName("web").get();
    assertThat(web.getSpec().getReplicas()).isEqualTo(3);
    assertThat(web.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void rolloutHistoryListsRevisionsAndUndoGoesBackToThePreviousOne() {
    client.apps().deployments().resource(TestObjects.deployment("app:1")).create();
    succeeds(rolloutStatus("web"));
    succeeds(kubectl.run("set", "image", "deployment/web", "app=app:2"));
    succeeds(rolloutStatus("web"));

    var history = kubectl.run("rollout", "history", "deployment/web");
    assertThat(history.stdout())
        .as(history.toString())
        .containsPattern("REVISION\\s+CHANGE-CAUSE")
        .containsPattern("(?m)^1\\s+<none>$")
        .containsPattern("(?m)^2\\s+<none>$");
    var replicaSets = kubectl.run("get", "rs", "-l", "app=web");
    assertThat(replicaSets.stdout())
        .as(replicaSets.toString())
        .containsPattern("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+AGE")
        .containsPattern("web-[a-z0-9]+\\s+1\\s+1\\s+1\\s+\\d+s")
        .containsPattern("web-[a-z0-9]+\\s+0\\s+0\\s+0\\s+\\d+s");

    var undo = kubectl.run("rollout", "undo", "deployment/web");
    assertThat(undo.stdout()).as(undo.toString()).contains("deployment.apps/web rolled back");
    succeeds(rolloutStatus("web"));
    assertThat(TestObjects.webContainers(client)).containsExactly("app=app:1", "sidecar=proxy:1");
    var after = kubectl.run("rollout", "history", "deployment/web");
    assertThat(after.stdout())
        .as(after.toString())
        .containsPattern("(?m)^2\\s+<none>$")
        .containsPattern("(?m)^3\\s+<none>$")
        .doesNotContainPattern("(?m)^1\\s+<none>$");
  }

  @Test
  void getEventsPrintsReasonObjectAndMessage() {
    client
        .v1()
        .events()
        .resource(
            new io.fabric8.kubernetes.api.model.EventBuilder()
                .withNewMetadata()
                .withName("gizmo.1")
                .endMetadata()
                .withType("Warning")
                .withReason("BeforeHookFailed")
                .withMessage("pre-check exited 3")
                .withNewInvolvedObject()
                .withKind("Widget")
                .withName("gizmo")
                .withNamespace(namespace)
                .endInvolvedObject()
                .withLastTimestamp(java.time.Instant.now().toString())
                .build())
        .create();
    var events = kubectl.run("get", "events");
    assertThat(events.stdout())
        .as(events.toString())
        .containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE")
        .containsPattern(
            "\\d+s\\s+Warning\\s+BeforeHookFailed\\s+widget/gizmo\\s+pre-check exited 3");
  }

  @Test
  void authCanIAnswersYesForTheAdmin() {
    var single = kubectl.run("auth", "can-i", "create", "pods");
    assertThat(single.exitCode()).as(single.toString()).isZero();
    assertThat(single.stdout()).isEqualTo("yes\n");
    var list = kubectl.run("auth", "can-i", "--list");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.stdout())
        .containsPattern("Resources\\s+Non-Resource URLs\\s+Resource Names\\s+Verbs")
        .containsPattern("(?m)^\\*\\.\\*\\s+\\[\\]\\s+\\[\\]\\s+\\[\\*\\]$");
  }

  private void givenWidgetCrd() {
    TestCrds.apply(kubectl, client, resourceFile("widget-crd.yaml"), WIDGET_CRD, "created");
  }

  private void givenGizmo() {
    givenWidgetCrd();
    applyOk(widgetFile(), "created");
  }

  private void setReady(String status) {
    client
        .genericKubernetesResources(WIDGETS)
        .withName("gizmo")
        .editStatus(
            w -> {
              w.setAdditionalProperty(
                  "status",
                  Map.of(
                      "conditions",
                      List.of(Map.of("type", "Ready", "status", status, "reason", "Test"))));
              return w;
            });
  }

  private GenericKubernetesResource widget() {
    return client.genericKubernetesResources(WIDGETS).withName("gizmo").get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource widget) {
    return (Map<String, Object>) widget.getAdditionalProperties().get("spec");
  }

  private Kubectl.Result wait(String condition, String target) {
    return kubectl.run(PATIENCE, "wait", condition, target, "--timeout=" + seconds());
  }

  private Kubectl.Result rolloutStatus(String name) {
    return kubectl.run(
        PATIENCE, "rollout", "status", "deployment/" + name, "--timeout=" + seconds());
  }

  private static String seconds() {
    return (PATIENCE.toSeconds() - 10) + "s";
  }

  private void applyOk(Path file, String expected) {
    var result = kubectl.run("apply", "-f", file.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains(expected);
  }

  private static void succeeds(Kubectl.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  /** widget.yaml, placed in this test's namespace. */
  private String widgetYaml() {
    return resource("widget.yaml").replace("namespace: default", "namespace: " + namespace);
  }

  private Path widgetFile() {
    return write("widget.yaml", widgetYaml());
  }

  private Path resourceFile(String name) {
    return write(name, resource(name));
  }

  private Path write(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = KubectlIT.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
