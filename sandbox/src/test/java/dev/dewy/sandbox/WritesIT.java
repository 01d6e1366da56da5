package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Write semantics as a fabric8 client (and so JOSDK) sees them. */
@ExtendWith(SandboxExtension.class)
class WritesIT {
  KubernetesClient client;

  @BeforeEach
  void widgetCrdAndGizmo() throws Exception {
    try (InputStream crd = getClass().getResourceAsStream("/widget-crd.yaml");
        InputStream widget = getClass().getResourceAsStream("/widget.yaml")) {
      client.load(crd).create();
      client.load(widget).create();
    }
  }

  @Test
  void mergePatchReplacesArraysAndNullDeletes() {
    patch("{\"spec\":{\"parts\":[\"z\"],\"color\":null}}", PatchType.JSON_MERGE);
    assertThat((Object) widget().get("spec")).isEqualTo(Map.of("size", 3, "parts", List.of("z")));
  }

  @Test
  void writesToTheResourceNeverChangeStatusAndStatusWritesChangeOnlyStatus() {
    patch("{\"spec\":{\"size\":4},\"status\":{\"phase\":\"Sneaky\"}}", PatchType.JSON_MERGE);
    assertThat((Object) widget().get("status")).isNull();
    client
        .genericKubernetesResources(TestObjects.WIDGETS)
        .withName("gizmo")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"size\":9},\"status\":{\"phase\":\"Idle\"}}");
    assertThat((Object) widget().get("status")).isEqualTo(Map.of("phase", "Idle"));
    assertThat((Object) widget().get("spec", "size")).isEqualTo(4);
  }

  @Test
  void generationStartsAtOneAndMovesOnlyWithSpec() {
    assertThat(widget().getMetadata().getGeneration()).isEqualTo(1L);
    patch("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}", PatchType.JSON_MERGE);
    setStatus("Idle");
    assertThat(widget().getMetadata().getGeneration()).isEqualTo(1L);
    patch("{\"spec\":{\"size\":8}}", PatchType.JSON_MERGE);
    assertThat(widget().getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void updateWithAStaleResourceVersionIsAConflict() {
    GenericKubernetesResource stale = widget();
    patch("{\"spec\":{\"size\":8}}", PatchType.JSON_MERGE);
    stale.setAdditionalProperty("spec", Map.of("size", 1));
    assertThatThrownBy(() -> client.resource(stale).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getMessage()).contains("the object has been modified");
            });
  }

  @Test
  void aPatchThatChangesNothingKeepsTheResourceVersion() {
    String before = widget().getMetadata().getResourceVersion();
    patch("{\"spec\":{\"size\":3}}", PatchType.JSON_MERGE);
    patch("{\"spec\":{\"color\":\"blue\"}}", PatchType.STRATEGIC_MERGE);
    assertThat(widget().getMetadata().getResourceVersion()).isEqualTo(before);
  }

  @Test
  void dryRunAnswersButStoresNothing() {
    GenericKubernetesResource answered =
        client
            .genericKubernetesResources(TestObjects.WIDGETS)
            .withName("gizmo")
            .dryRun()
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":42}}");
    assertThat((Object) answered.get("spec", "size")).isEqualTo(42);
    assertThat((Object) widget().get("spec", "size")).isEqualTo(3);
    client
        .configMaps()
        .resource(new ConfigMapBuilder().withNewMetadata().withName("dry").endMetadata().build())
        .dryRun()
        .create();
    assertThat(client.configMaps().withName("dry").get()).isNull();
  }

  @Test
  void serverSideApplyCreatesWhenAbsentAndMergesWhenPresent() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .serverSideApply();
    assertThat(client.namespaces().withName("shop").get().getStatus().getPhase())
        .isEqualTo("Active");
    client
        .apps()
        .deployments()
        .resource(TestObjects.deployment("app:1"))
        .fieldManager("dewy-operator")
        .forceConflicts()
        .serverSideApply();
    Deployment patch = TestObjects.deployment("app:2");
    patch.getSpec().getTemplate().getSpec().getContainers().remove(1);
    client
        .apps()
        .deployments()
        .resource(patch)
        .fieldManager("dewy-operator")
        .forceConflicts()
        .serverSideApply();
    assertThat(TestObjects.webContainers(client)).containsExactly("app=app:2", "sidecar=proxy:1");
  }

  @Test
  void statusPatchWithAFieldManagerQueryStringLandsOnStatus() {
    GenericKubernetesResource status = new GenericKubernetesResource();
    status.setApiVersion("test.dewy.dev/v1");
    status.setKind("Widget");
    status.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("gizmo")
            .withNamespace("default")
            .build());
    status.setAdditionalProperty("status", Map.of("phase", "Updating"));
    client
        .genericKubernetesResources(TestObjects.WIDGETS)
        .resource(status)
        .subresource("status")
        .patch(PatchContext.of(PatchType.SERVER_SIDE_APPLY));
    assertThat((Object) widget().get("status")).isEqualTo(Map.of("phase", "Updating"));
  }

  @Test
  void createInAMissingNamespaceIsNotFound() {
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("nowhere")
                    .resource(
                        new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("c")
                            .endMetadata()
                            .build())
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getMessage())
                    .isEqualTo("namespaces \"nowhere\" not found"));
  }

  @Test
  void websocketWatchSeesChangesInOrder() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (var watch =
        client
            .genericKubernetesResources(TestObjects.WIDGETS)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    seen.add(
                        action
                            + " "
                            + resource.getMetadata().getName()
                            + " "
                            + resource.get("spec", "size"));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      patch("{\"spec\":{\"size\":5}}", PatchType.JSON_MERGE);
      client.genericKubernetesResources(TestObjects.WIDGETS).withName("gizmo").delete();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(seen).containsSubsequence("MODIFIED gizmo 5", "DELETED gizmo 5"));
    }
  }

  @Test
  void podLogsComeFromThePodLogsSource() {
    try (Sandbox sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .podLogs(
                    (ns, pod, container) ->
                        Optional.of("hello from " + ns + "/" + pod + "/" + container + "\n")))) {
      sandbox.client().pods().resource(TestObjects.pod("hook")).create();
      assertThat(sandbox.client().pods().withName("hook").inContainer("hook").getLog())
          .isEqualTo("hello from default/hook/hook\n");
      var kubectl = new Kubectl(sandbox).run("logs", "hook", "-c", "hook");
      assertThat(kubectl.stdout())
          .as(kubectl.toString())
          .isEqualTo("hello from default/hook/hook\n");
    }
  }

  @Test
  void admissionSeesEachCustomResourceWriteAndItsAnswerIsStoredOrReturned() {
    List<String> seen = new CopyOnWriteArrayList<>();
    CustomResourceAdmission sizeAtLeastOne =
        request -> {
          seen.add(
              (request.statusWrite() ? "status " : "object ")
                  + request.version()
                  + " "
                  + request.crd().path("spec").path("names").path("kind").asText());
          ObjectNode object = request.object().deepCopy();
          if (object.path("spec").path("size").asInt() < 1) {
            throw new CustomResourceAdmission.Rejected(
                List.of(
                    "spec.size: must be at least 1 (got "
                        + object.path("spec").path("size")
                        + ")"));
          }
          object.withObject("/spec").put("color", object.path("spec").path("color").asText("grey"));
          return CustomResourceAdmission.Admitted.of(object);
        };
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().admission(sizeAtLeastOne))) {
      KubernetesClient other = sandbox.client();
      other.load(getClass().getResourceAsStream("/widget-crd.yaml")).create();
      other.load(getClass().getResourceAsStream("/widget.yaml")).create();
      var gizmo = other.genericKubernetesResources(TestObjects.WIDGETS).withName("gizmo");

      gizmo.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"color\":null}}");
      assertThat((Object) gizmo.get().get("spec", "color")).isEqualTo("grey");
      assertThatThrownBy(
              () -> gizmo.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":0}}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getStatus().getMessage())
                    .isEqualTo(
                        "Widget.test.dewy.dev \"gizmo\" is invalid: spec.size: must be at least 1 (got 0)");
              });
      gizmo
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Idle\"}}");
      assertThat(seen)
          .containsExactly(
              "object v1 Widget", "object v1 Widget", "object v1 Widget", "status v1 Widget");
    }
  }

  @Test
  void admissionCanAnswerWithItsOwnStatus() {
    CustomResourceAdmission strict =
        request -> {
          ObjectNode status = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
          status
              .put("kind", "Status")
              .put("apiVersion", "v1")
              .put("status", "Failure")
              .put("message", "strict decoding error: unknown field \"spec.colour\"")
              .put("reason", "BadRequest")
              .put("code", 400);
          throw new CustomResourceAdmission.Rejected(status);
        };
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().admission(strict))) {
      sandbox.client().load(getClass().getResourceAsStream("/widget-crd.yaml")).create();
      assertThatThrownBy(
              () -> sandbox.client().load(getClass().getResourceAsStream("/widget.yaml")).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(400);
                assertThat(e.getStatus().getMessage())
                    .isEqualTo("strict decoding error: unknown field \"spec.colour\"");
              });
    }
  }

  private void setStatus(String phase) {
    client
        .genericKubernetesResources(TestObjects.WIDGETS)
        .withName("gizmo")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"" + phase + "\"}}");
  }

  private void patch(String patch, PatchType type) {
    client
        .genericKubernetesResources(TestObjects.WIDGETS)
        .withName("gizmo")
        .patch(PatchContext.of(type), patch);
  }

  private GenericKubernetesResource widget() {
    return client.genericKubernetesResources(TestObjects.WIDGETS).withName("gizmo").get();
  }
}
