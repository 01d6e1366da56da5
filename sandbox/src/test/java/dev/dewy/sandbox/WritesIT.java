package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import dev.dewy.sandbox.testenv.TestCluster;
import dev.dewy.sandbox.testenv.TestClusters;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Write semantics as a fabric8 client (and so JOSDK) sees them, on the sandbox and on
 * kube-apiserver alike.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(ControlPlaneExtension.class)
class WritesIT {
  @Parameter Backend backend;

  private TestCluster cluster;
  private KubernetesClient client;
  private final List<String> namespaces = new ArrayList<>();

  @BeforeEach
  void widgetCrdAndGizmo(TestClusters clusters) throws Exception {
    cluster = clusters.start(backend, "writes-it");
    client =
        cluster.client().adapt(NamespacedKubernetesClient.class).inNamespace(cluster.namespace());
    TestCrds.deleteAndAwaitGone(client, KubectlIT.WIDGET_CRD);
    try (InputStream crd = getClass().getResourceAsStream("/widget-crd.yaml")) {
      TestCrds.create(client, client.getKubernetesSerialization().unmarshal(crd));
    }
    client
        .resource(
            client
                .getKubernetesSerialization()
                .<GenericKubernetesResource>unmarshal(
                    KubectlIT.resource("widget.yaml")
                        .replace("namespace: default", "namespace: " + cluster.namespace())))
        .create();
  }

  @AfterEach
  void stopCluster() {
    try {
      TestCrds.deleteAndAwaitGone(client, KubectlIT.WIDGET_CRD);
      namespaces.forEach(n -> client.namespaces().withName(n).delete());
    } finally {
      cluster.close();
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
    patch("[{\"op\":\"replace\",\"path\":\"/spec/color\",\"value\":\"blue\"}]", PatchType.JSON);
    assertThat(widget().getMetadata().getResourceVersion()).isEqualTo(before);
  }

  @Test
  void aStrategicMergePatchOfACustomResourceIsAnUnsupportedMediaType() {
    assertThatThrownBy(() -> patch("{\"spec\":{\"size\":4}}", PatchType.STRATEGIC_MERGE))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(415);
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "the body of the request was in an unknown format - accepted media types"
                          + " include: application/json-patch+json,"
                          + " application/merge-patch+json, application/apply-patch+yaml");
            });
    assertThat((Object) widget().get("spec", "size")).isEqualTo(3);
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
    String shop = TestNames.unique("shop");
    namespaces.add(shop);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(shop).endMetadata().build())
        .serverSideApply();
    assertThat(client.namespaces().withName(shop).get().getStatus().getPhase()).isEqualTo("Active");
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
    if (backend == Backend.SANDBOX) {
      // README, differences: apply never removes what its manager stopped applying
      assertThat(TestObjects.webContainers(client)).containsExactly("app=app:2", "sidecar=proxy:1");
    } else {
      assertThat(TestObjects.webContainers(client)).containsExactly("app=app:2");
    }
  }

  @Test
  void statusPatchWithAFieldManagerQueryStringLandsOnStatus() {
    GenericKubernetesResource status = new GenericKubernetesResource();
    status.setApiVersion("test.dewy.dev/v1");
    status.setKind("Widget");
    status.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("gizmo")
            .withNamespace(cluster.namespace())
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
