package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.readyReason;
import static dev.dewy.operator.deploy.FlowFixtures.templateJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.Dewy;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A private registry: credentials from spec.credentialsSecret or imagePullSecrets, same namespace.
 */
class CredentialsIT {
  private static final Duration LONG = Duration.ofSeconds(60);

  @RegisterExtension
  static final LocalOciRegistry registry = LocalOciRegistry.withBasicAuth("deployer", "s3cret");

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  private String other;

  private void dockerConfigSecret(String namespace, String name) {
    harness.pullSecret(namespace, name, registry.hostPort(), "deployer", "s3cret");
  }

  private String otherNamespace() {
    other = harness.otherNamespace("other");
    return other;
  }

  private Dewy dewy(String name, String repo) {
    return harness.dewy(name).registry(registry.registryUrl(repo));
  }

  /** A Deployment whose pod template names {@code secret} in imagePullSecrets. */
  private void deploymentPullingWith(String name, String image, String secret) {
    var template = FlowFixtures.template(name, image);
    template.getSpec().getImagePullSecrets().add(new LocalObjectReference(secret));
    FlowFixtures.deployment(harness, name, 1, template, null);
  }

  @Test
  void credentialsSecretLetsThePrivateRegistryBePolledAndDeployed() {
    registry.pushImages("shop/private", "v1.0.0", "v1.1.0");
    harness.deployment("private", registry.imageReference("shop/private", "v1.0.0"));
    dockerConfigSecret(harness.namespace(), "regcred");

    dewy("private", "shop/private").credentialsSecret("regcred").create();

    DewyDeployment dd =
        harness.await("private", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("private"))
        .isEqualTo(registry.pinnedReference("shop/private", "v1.1.0"));
    assertThat(ready(dd).getReason()).isEqualTo("UpToDate");
  }

  @Test
  void withoutAnyCredentialsTheRegistryErrorPointsAtCredentialsSecret() {
    registry.pushImages("shop/locked", "v1.0.0", "v1.1.0");
    harness.deployment("locked", registry.imageReference("shop/locked", "v1.0.0"));
    String template = templateJson(harness, "Deployment", "locked");

    dewy("locked", "shop/locked").create();

    DewyDeployment dd = harness.await("locked", LONG, d -> readyReason(d, "RegistryError"));
    assertThat(ready(dd).getStatus()).isEqualTo("False");
    assertThat(ready(dd).getMessage()).contains("spec.credentialsSecret");
    assertThat(templateJson(harness, "Deployment", "locked")).isEqualTo(template);
  }

  @Test
  void imagePullSecretsOfThePodTemplateServeWhenCredentialsSecretIsNotSet() {
    registry.pushImages("shop/pulled", "v1.0.0", "v1.1.0");
    dockerConfigSecret(harness.namespace(), "pullcred");
    deploymentPullingWith("pulled", registry.imageReference("shop/pulled", "v1.0.0"), "pullcred");

    dewy("pulled", "shop/pulled").create();

    harness.await("pulled", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("pulled"))
        .isEqualTo(registry.pinnedReference("shop/pulled", "v1.1.0"));
  }

  @Test
  void targetIsLookedUpOnlyInTheDewyDeploymentsNamespace() {
    registry.pushImages("shop/away", "v1.0.0", "v1.1.0");
    otherNamespace();
    harness
        .client()
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                    harness.deployment("away", registry.imageReference("shop/away", "v1.0.0")))
                .editMetadata()
                .withNamespace(other)
                .withResourceVersion(null)
                .withUid(null)
                .withCreationTimestamp(null)
                .endMetadata()
                .withStatus(null)
                .build())
        .create();
    harness
        .client()
        .apps()
        .deployments()
        .inNamespace(harness.namespace())
        .withName("away")
        .delete();
    dockerConfigSecret(harness.namespace(), "regcred");

    dewy("away", "shop/away").credentialsSecret("regcred").create();

    DewyDeployment dd = harness.await("away", LONG, d -> readyReason(d, "TargetNotFound"));
    assertThat(ready(dd).getMessage())
        .contains("\"away\"")
        .contains("namespace \"" + harness.namespace() + "\"");
    assertThat(
            harness
                .client()
                .apps()
                .deployments()
                .inNamespace(other)
                .withName("away")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage())
        .isEqualTo(registry.imageReference("shop/away", "v1.0.0"));
  }

  @Test
  void secretsInAnotherNamespaceAreNeverUsed() {
    // given Secrets that exist only in namespace "other"
    registry.pushImages("shop/fenced", "v1.0.0", "v1.1.0");
    otherNamespace();
    dockerConfigSecret(other, "regcred");
    dockerConfigSecret(other, "pullcred");
    harness.deployment("named", registry.imageReference("shop/fenced", "v1.0.0"));
    deploymentPullingWith("pulling", registry.imageReference("shop/fenced", "v1.0.0"), "pullcred");

    // when
    dewy("named", "shop/fenced").credentialsSecret("regcred").create();
    dewy("pulling", "shop/fenced").create();

    // then
    DewyDeployment named = harness.await("named", LONG, d -> readyReason(d, "SecretNotFound"));
    assertThat(ready(named).getMessage())
        .contains("spec.credentialsSecret")
        .contains("\"regcred\"")
        .contains("namespace \"" + harness.namespace() + "\"");
    DewyDeployment pulling = harness.await("pulling", LONG, d -> readyReason(d, "RegistryError"));
    assertThat(ready(pulling).getStatus()).isEqualTo("False");
    assertThat(harness.image("named")).isEqualTo(registry.imageReference("shop/fenced", "v1.0.0"));
    assertThat(harness.image("pulling"))
        .isEqualTo(registry.imageReference("shop/fenced", "v1.0.0"));
  }
}
