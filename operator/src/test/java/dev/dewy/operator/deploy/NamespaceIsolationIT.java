package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Targets, Secrets and hook Jobs live in the DewyDeployment's own namespace: a namesake in another
 * namespace is never used, and never touched.
 */
class NamespaceIsolationIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension
  static final LocalOciRegistry privateRegistry = LocalOciRegistry.withBasicAuth("ci", "s3cret");

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  private String other;

  @BeforeEach
  void start() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    privateRegistry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    other = harness.otherNamespace("other");
  }

  @Test
  void targetThatExistsOnlyInAnotherNamespaceIsNotFoundAndNotPatched() {
    harness.deployment(other, "web", registry.imageReference("shop/web", "v1.0.0"));

    harness.dewy("web").registry(registry.registryUrl("shop/web")).create();

    Condition ready = awaitReady("web", Reasons.TARGET_NOT_FOUND);
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage())
        .contains(
            "spec.target",
            "Deployment \"web\" not found in namespace \"" + harness.namespace() + "\"");
    Deployment untouched =
        harness.client().apps().deployments().inNamespace(other).withName("web").get();
    assertThat(untouched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(registry.imageReference("shop/web", "v1.0.0"));
    assertThat(untouched.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void credentialsSecretThatExistsOnlyInAnotherNamespaceIsNotFound() {
    harness.pullSecret(other, "regcred", privateRegistry.hostPort(), "ci", "s3cret");
    harness.deployment("web", privateRegistry.imageReference("shop/web", "v1.0.0"));

    harness
        .dewy("web")
        .registry(privateRegistry.registryUrl("shop/web"))
        .credentialsSecret("regcred")
        .create();

    Condition ready = awaitReady("web", Reasons.SECRET_NOT_FOUND);
    assertThat(ready.getMessage())
        .contains(
            "spec.credentialsSecret",
            "Secret \"regcred\" not found in namespace \"" + harness.namespace() + "\"");
    assertThat(harness.get("web").getStatus().getCurrentVersion()).isEqualTo("v1.0.0");

    harness.pullSecret(harness.namespace(), "regcred", privateRegistry.hostPort(), "ci", "s3cret");
    harness.await("web", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
  }

  @Test
  void hookJobsAreCreatedOnlyInTheDewyDeploymentsNamespace() {
    harness.deployment(other, "web", registry.imageReference("shop/web", "v1.0.0"));
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));

    harness
        .dewy("web")
        .registry(registry.registryUrl("shop/web"))
        .beforeHook("echo before")
        .afterHook("echo after")
        .create();

    harness.await("web", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.hookJobs("web"))
        .hasSize(2)
        .allSatisfy(j -> assertThat(j.getMetadata().getNamespace()).isEqualTo(harness.namespace()));
    assertThat(harness.client().batch().v1().jobs().inNamespace(other).list().getItems()).isEmpty();
    assertThat(harness.client().pods().inNamespace(other).list().getItems())
        .noneMatch(
            p ->
                p.getMetadata().getLabels() != null
                    && p.getMetadata().getLabels().containsKey("dewy.dev/hook"));
    Deployment untouched =
        harness.client().apps().deployments().inNamespace(other).withName("web").get();
    assertThat(untouched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(registry.imageReference("shop/web", "v1.0.0"));
  }

  private Condition awaitReady(String name, String reason) {
    DewyDeployment dd =
        harness.await(
            name,
            TIMEOUT,
            d ->
                Conditions.find(d.getStatus().getConditions(), "Ready")
                    .map(c -> reason.equals(c.getReason()))
                    .orElse(false));
    return Conditions.find(dd.getStatus().getConditions(), "Ready").orElseThrow();
  }
}
