package dev.dewy.sandbox;

import static dev.dewy.sandbox.TestObjects.WIDGETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sandbox as the real kubectl 1.32 sees it. */
@ExtendWith(SandboxExtension.class)
class KubectlIT {

  Sandbox sandbox;
  KubernetesClient client;
  Kubectl kubectl;

  @BeforeEach
  void kubectl() {
    kubectl = new Kubectl(sandbox);
  }

  @Test
  void versionReportsA132Server() {
    var result = kubectl.run("version");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains("Server Version: v1.32.0");
  }

  @Test
  void appliedCrdAppearsInApiResourcesWithItsShortName() {
    applyOk("widget-crd.yaml", "created");
    var result = kubectl.run("api-resources", "--api-group=test.dewy.dev");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout())
        .containsPattern("widgets\\s+wd\\s+test.dewy.dev/v1\\s+true\\s+Widget");
  }

  @Test
  void applyCreatesThenLeavesUnchangedThenConfigures() throws IOException {
    applyOk("widget-crd.yaml", "created");
    applyOk("widget.yaml", "widget.test.dewy.dev/gizmo created");
    applyOk("widget.yaml", "widget.test.dewy.dev/gizmo unchanged");
    Path changed = Files.createTempFile("widget", ".yaml");
    Files.writeString(changed, resource("widget.yaml").replace("size: 3", "size: 5"));
    var result = kubectl.run("apply", "-f", changed.toString());
    assertThat(result.stdout())
        .as(result.toString())
        .contains("widget.test.dewy.dev/gizmo configured");
    assertThat((Object) spec(widget()))
        .isEqualTo(Map.of("size", 5, "color", "blue", "parts", List.of("a", "b")));
  }

  @Test
  void serverSideApplyCreatesAndThenUpdates() throws IOException {
    applyOk("widget-crd.yaml", "created");
    var created = kubectl.run("apply", "--server-side", "-f", file("widget.yaml").toString());
    assertThat(created.stdout())
        .as(created.toString())
        .contains("widget.test.dewy.dev/gizmo serverside-applied");
    Path changed = Files.createTempFile("widget", ".yaml");
    Files.writeString(changed, resource("widget.yaml").replace("color: blue", "color: red"));
    var updated =
        kubectl.run("apply", "--server-side", "--field-manager=test", "-f", changed.toString());
    assertThat(updated.exitCode()).as(updated.toString()).isZero();
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
    applyOk("widget-crd.yaml", "created");
    var result = kubectl.run("explain", "widget.spec.hooks");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout())
        .contains("Commands run around each change of the widget.")
        .contains("Runs before the widget changes; failure aborts the change.");
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
    await().atMost(Duration.ofSeconds(30)).until(() -> !waiting.process().isAlive());
    assertThat(waiting.process().exitValue()).as(waiting.stderr()).isZero();
    assertThat(waiting.stdout()).contains("widget.test.dewy.dev/gizmo condition met");
  }

  @Test
  void getWatchSeesAnUpdate() {
    givenGizmo();
    var watching = kubectl.start("get", "wd", "-w");
    await().atMost(Duration.ofSeconds(20)).until(() -> watching.stdout().contains("gizmo"));
    setReady("True");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(watching.stdout()).containsPattern("gizmo\\s+True\\s+3"));
    watching.process().destroy();
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
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(client.batch().v1().jobs().list().getItems()).isEmpty();
              assertThat(client.pods().list().getItems()).isEmpty();
            });
  }

  @Test
  void objectsInAMissingNamespaceAreRefusedUntilItIsCreated() throws IOException {
    applyOk("widget-crd.yaml", "created");
    Path unplaced = Files.createTempFile("widget", ".yaml");
    Files.writeString(unplaced, resource("widget.yaml").replace("  namespace: default\n", ""));
    var refused = kubectl.run("apply", "-n", "shop", "-f", unplaced.toString());
    assertThat(refused.stderr()).as(refused.toString()).contains("namespaces \"shop\" not found");
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    var listed = kubectl.run("get", "ns");
    assertThat(listed.stdout()).containsPattern("shop\\s+\\d+s");
  }

  @Test
  void imperativeCreateOfNamespaceSecretAndConfigMapWorks() {
    assertThat(kubectl.run("create", "namespace", "shop").stdout())
        .contains("namespace/shop created");
    var secret =
        kubectl.run(
            "create",
            "secret",
            "generic",
            "regcred",
            "-n",
            "shop",
            "--from-literal=password=s3cr3t");
    assertThat(secret.stdout()).as(secret.toString()).contains("secret/regcred created");
    assertThat(client.secrets().inNamespace("shop").withName("regcred").get().getData())
        .containsEntry(
            "password", java.util.Base64.getEncoder().encodeToString("s3cr3t".getBytes()));
    var config = kubectl.run("create", "configmap", "settings", "--from-literal=mode=fast");
    assertThat(config.stdout()).as(config.toString()).contains("configmap/settings created");
    assertThat(client.configMaps().withName("settings").get().getData())
        .containsEntry("mode", "fast");
  }

  @Test
  void getPodsAndJobsShowsTheirStatusColumns() {
    client.pods().resource(TestObjects.pod("hook-x1")).create();
    client
        .pods()
        .withName("hook-x1")
        .editStatus(
            p ->
                new PodBuilder(p)
                    .withNewStatus()
                    .withPhase("Running")
                    .addNewContainerStatus()
                    .withName("hook")
                    .withReady(true)
                    .withRestartCount(0)
                    .endContainerStatus()
                    .endStatus()
                    .build());
    client.batch().v1().jobs().resource(TestObjects.job("hook")).create();
    client
        .batch()
        .v1()
        .jobs()
        .withName("hook")
        .editStatus(
            j -> {
              j.setStatus(
                  new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                      .withSucceeded(1)
                      .addNewCondition()
                      .withType("Complete")
                      .withStatus("True")
                      .endCondition()
                      .build());
              return j;
            });

    var pods = kubectl.run("get", "pods");
    assertThat(pods.stdout())
        .as(pods.toString())
        .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE")
        .containsPattern("hook-x1\\s+1/1\\s+Running\\s+0\\s+\\d+s");
    var jobs = kubectl.run("get", "jobs");
    assertThat(jobs.stdout())
        .as(jobs.toString())
        .containsPattern("hook\\s+Complete\\s+1/1\\s+\\d+s");
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
                .withNamespace("default")
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

  private void givenGizmo() {
    applyOk("widget-crd.yaml", "created");
    applyOk("widget.yaml", "created");
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

  private void applyOk(String resource, String expected) {
    var result = kubectl.run("apply", "-f", file(resource).toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).contains(expected);
  }

  private static Path file(String resource) {
    try {
      Path file = Files.createTempFile("manifest", ".yaml");
      Files.writeString(file, resource(resource));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = KubectlIT.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
