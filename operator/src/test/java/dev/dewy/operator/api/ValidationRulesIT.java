package dev.dewy.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.SpecRules;
import dev.dewy.operator.testing.OperatorAccount;
import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRD's CEL rules ({@code x-kubernetes-validations}), enforced by kube-apiserver: a spec that
 * can never work is refused at {@code kubectl apply}, naming the field and the fix, before the
 * operator sees it. (The sandbox does not evaluate CEL; there the operator's own check stalls the
 * same spec with the same words.)
 */
@ExtendWith(ControlPlaneExtension.class)
class ValidationRulesIT {
  @TempDir Path dir;

  private ControlPlane plane;
  private String namespace;
  private Kubectl kubectl;

  @BeforeEach
  void start(ControlPlane plane) {
    this.plane = plane;
    OperatorAccount.on(plane);
    namespace = plane.createNamespace("validationrules");
    kubectl = plane.kubectl().inNamespace(namespace);
  }

  @AfterEach
  void stop() {
    plane.deleteNamespace(namespace);
  }

  @Test
  void aVolumeTargetWithAnImageRegistryIsRefused() throws Exception {
    Kubectl.Result result = apply("registry: img://registry.example.com/shop/web", "volume: app");

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .contains(
            "The DewyDeployment \"web\" is invalid: spec.target.volume: Invalid value:",
            SpecRules.VOLUME_NEEDS_ARTIFACT_REGISTRY);
  }

  @Test
  void aNotifierSecretWithoutANotifierIsRefused() throws Exception {
    Kubectl.Result result =
        apply("registry: img://registry.example.com/shop/web\n  notifierSecret: notify", "");

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .contains("spec.notifierSecret: Invalid value:", SpecRules.SECRET_NEEDS_NOTIFIER);
  }

  @Test
  void theSameFieldsInTheirPlaceAreAccepted() throws Exception {
    Kubectl.Result artifact = apply("registry: ghr://linyows/dewy", "volume: app");
    assertThat(artifact.exitCode()).as(artifact.toString()).isZero();
    Kubectl.Result notifier =
        apply(
            "registry: img://registry.example.com/shop/web\n"
                + "  notifier: slack://deploys\n"
                + "  notifierSecret: notify",
            "");
    assertThat(notifier.stdout()).as(notifier.toString()).contains("dewydeployment.dewy.dev/web");
  }

  private Kubectl.Result apply(String specLines, String targetExtra) throws Exception {
    Path file = dir.resolve("dd.yaml");
    Files.writeString(
        file,
        """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: web}
        spec:
          %s
          target: {kind: Deployment, name: web%s}
        """
            .formatted(specLines, targetExtra.isEmpty() ? "" : ", " + targetExtra));
    return kubectl.run("apply", "-f", file.toString());
  }
}
