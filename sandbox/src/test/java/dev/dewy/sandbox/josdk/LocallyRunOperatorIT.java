package dev.dewy.sandbox.josdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.junit.LocallyRunOperatorExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JOSDK's own test extension (SSA-created namespace per test, CRD applied) runs on a sandbox.
 * Sandbox only: it checks the sandbox serves what that extension needs.
 */
class LocallyRunOperatorIT {
  static final Sandbox SANDBOX = Sandbox.start();

  @RegisterExtension
  static final LocallyRunOperatorExtension OPERATOR =
      LocallyRunOperatorExtension.builder()
          .withKubernetesClient(SANDBOX.newClient())
          .withReconciler(new WidgetReconciler())
          .withAdditionalCRD("src/test/resources/widget-crd.yaml")
          .build();

  @AfterAll
  static void closeSandbox() {
    SANDBOX.close();
  }

  @Test
  void reconcilesAWidgetInTheExtensionsNamespace() {
    Widget widget = new Widget();
    widget.setMetadata(new ObjectMetaBuilder().withName("gizmo").build());
    widget.setSpec(new Widget.Spec());
    widget.getSpec().size = 2;
    widget.getSpec().parts = List.of("a");
    OPERATOR.create(widget);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Widget reconciled = OPERATOR.get(Widget.class, "gizmo");
              assertThat(reconciled.getStatus()).isNotNull();
              assertThat(reconciled.getStatus().phase).isEqualTo("Ready");
              assertThat(OPERATOR.get(ConfigMap.class, "gizmo-parts").getData())
                  .containsEntry("size", "2");
            });
    assertThat(OPERATOR.getNamespace()).isNotEqualTo("default");
  }
}
