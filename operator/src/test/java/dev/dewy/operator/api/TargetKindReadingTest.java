package dev.dewy.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * A target kind the operator does not know must not stop it from reading the resource (its informer
 * would stop, for every DewyDeployment), nor turn into the default kind when copied.
 */
class TargetKindReadingTest {

  @Test
  void unknownKindReadsAsNoKindAndStaysSoThroughACopy() {
    DewyDeployment dd = read("target: {kind: CronJob, name: web}");

    DewyDeployment copy = Serialization.unmarshal(Serialization.asJson(dd), DewyDeployment.class);

    assertThat(dd.getSpec().getTarget().getKind()).isNull();
    assertThat(copy.getSpec().getTarget().getKind()).isNull();
  }

  @Test
  void omittedKindIsDeployment() {
    DewyDeployment dd = read("target: {name: web}");

    assertThat(dd.getSpec().getTarget().getKind()).isEqualTo(TargetKind.Deployment);
  }

  @Test
  void knownKindIsRead() {
    DewyDeployment dd = read("target: {kind: StatefulSet, name: web}");

    assertThat(dd.getSpec().getTarget().getKind()).isEqualTo(TargetKind.StatefulSet);
  }

  private static DewyDeployment read(String target) {
    return Serialization.unmarshal(
        """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: web, namespace: shop}
        spec:
          registry: img://registry.example.com/shop/web
          %s
        """
            .formatted(target),
        DewyDeployment.class);
  }
}
