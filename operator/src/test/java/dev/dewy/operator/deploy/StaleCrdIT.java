package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorAccount;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.testenv.ControlPlane;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operator newer than the CRD installed (Helm does not upgrade CRDs in crds/): kube-apiserver
 * refuses a status with a value the old schema does not allow, and the refusal reaches the user as
 * a Warning event naming the field, instead of a reconcile that fails and is retried. On a control
 * plane of its own: the CRD is cluster-wide, and the other tests need the current one.
 */
class StaleCrdIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  private ControlPlane plane;
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    plane = ControlPlane.start();
    harness = OperatorHarness.start(plane);
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void aStatusTheInstalledCrdRefusesIsReportedAsStatusRejected() throws Exception {
    // given a CRD from before phase Idle existed
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/dewydeployments.dewy.dev-v1.yml")),
            CustomResourceDefinition.class);
    JSONSchemaProps phase =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status")
            .getProperties()
            .get("phase");
    phase.setEnum(phase.getEnum().stream().filter(v -> !"Idle".equals(v.asText())).toList());
    plane.client().resource(crd).forceConflicts().serverSideApply();
    OperatorAccount.awaitEstablished(plane.client(), crd.getMetadata().getName());

    // when a DewyDeployment finds its workload up to date: status phase Idle
    registry.pushImages("shop/web", "v1.0.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
    harness.dewy("web").registry(registry.registryUrl("shop/web")).create();

    // then the refusal is a Warning event with kube-apiserver's words
    List<Event> rejected = harness.awaitEvents("web", Reasons.STATUS_REJECTED);
    assertThat(rejected)
        .filteredOn(e -> Reasons.STATUS_REJECTED.equals(e.getReason()))
        .first()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage())
                  .startsWith("kube-apiserver refused the status write: ")
                  .contains("status.phase", "Unsupported value: \"Idle\"");
            });
    assertThat(harness.get("web").getStatus().getPhase()).as("nothing was stored").isNull();
  }
}
