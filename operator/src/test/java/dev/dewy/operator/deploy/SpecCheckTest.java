package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.api.v1alpha1.DewyDeploymentSpec;
import dev.dewy.operator.api.v1alpha1.SpecRules;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** The operator's own check of what the CRD's CEL rules refuse, for API servers without CEL. */
class SpecCheckTest {

  @Test
  void aVolumeTargetWithAnImageRegistryStallsWithTheRulesWords() {
    DewyDeploymentSpec spec =
        Serialization.unmarshal(
            """
            registry: img://registry.example.com/shop/web
            target: {kind: Deployment, name: web, volume: app}
            """,
            DewyDeploymentSpec.class);

    assertThatThrownBy(() -> SpecCheck.check(spec))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.target.volume")
        .hasMessageContaining(SpecRules.VOLUME_NEEDS_ARTIFACT_REGISTRY);
  }
}
