package dev.dewy.sandbox.josdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.sandbox.Sandbox;
import dev.dewy.sandbox.SandboxExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JOSDK 5.2.3 operator on its default settings converges against the sandbox and then rests.
 * Sandbox only: it checks that the sandbox's answers (no managedFields, see the README's
 * differences) do not make JOSDK loop; kube-apiserver is what JOSDK is made for.
 */
@ExtendWith(SandboxExtension.class)
class JosdkDefaultsIT {
  Sandbox sandbox;
  Operator operator;

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  void operatorConvergesFollowsSpecChangesAndStopsReconcilingWhenNothingChanges() {
    KubernetesClient client = sandbox.client();
    WidgetReconciler reconciler = new WidgetReconciler();
    givenOperatorAndGizmo(reconciler);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Widget widget = client.resources(Widget.class).withName("gizmo").get();
              assertThat(widget.getStatus()).isNotNull();
              assertThat(widget.getStatus().phase).isEqualTo("Ready");
              assertThat(configMap(client).getData()).containsEntry("size", "3");
            });

    client
        .resources(Widget.class)
        .withName("gizmo")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":5}}");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Widget widget = client.resources(Widget.class).withName("gizmo").get();
              assertThat(widget.getStatus().observedGeneration).isEqualTo(2L);
              assertThat(widget.getStatus().conditions.get(0).getMessage()).isEqualTo("size 5");
              assertThat(configMap(client).getData()).containsEntry("size", "5");
            });

    String settled =
        client.resources(Widget.class).withName("gizmo").get().getMetadata().getResourceVersion();
    int reconciled = reconciler.reconciliations.get();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                settled.equals(
                        client
                            .resources(Widget.class)
                            .withName("gizmo")
                            .get()
                            .getMetadata()
                            .getResourceVersion())
                    && reconciler.reconciliations.get() <= reconciled + 1);
    assertThat(client.resources(Widget.class).withName("gizmo").get().getStatus().conditions)
        .hasSize(1);
  }

  @Test
  void aFinalizerLetsCleanupRunBeforeTheWidgetGoes() {
    KubernetesClient client = sandbox.client();
    CleanupReconciler reconciler = new CleanupReconciler();
    givenOperatorAndGizmo(reconciler);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !client
                    .resources(Widget.class)
                    .withName("gizmo")
                    .get()
                    .getMetadata()
                    .getFinalizers()
                    .isEmpty());
    client.resources(Widget.class).withName("gizmo").delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.resources(Widget.class).withName("gizmo").get() == null);
    assertThat(reconciler.cleanedUp).containsExactly("gizmo");
  }

  /** Stores the Widget CRD, starts an operator for the reconciler, then creates Widget gizmo. */
  private void givenOperatorAndGizmo(Reconciler<Widget> reconciler) {
    sandbox.client().load(getClass().getResourceAsStream("/widget-crd.yaml")).create();
    operator =
        new Operator(o -> o.withKubernetesClient(sandbox.newClient()).withCloseClientOnStop(true));
    operator.register(reconciler);
    operator.start();
    sandbox.client().load(getClass().getResourceAsStream("/widget.yaml")).create();
  }

  private static ConfigMap configMap(KubernetesClient client) {
    ConfigMap map = client.configMaps().withName("gizmo-parts").get();
    assertThat(map).isNotNull();
    return map;
  }
}
