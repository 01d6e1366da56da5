package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A notifier that cannot work costs only the channel: it is reported in status (NotifierReady) and
 * as an event, deploys go on without it, and the condition goes away once it is fixed.
 */
class NotifierStatusIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  private static final Duration LONG = Duration.ofSeconds(60);

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @BeforeEach
  void start() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
  }

  @Test
  void notifierUrlTheParserRejectsIsReportedAndDeploysGoOn() {
    // given: a notifier URL the CRD pattern accepts but with an option no webhook has
    apply("webhook://127.0.0.1:9/hooks?colour=red", null);

    // when
    DewyDeployment dd =
        harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    // then: deployed, not stalled, and the notifier problem is in status and events
    assertThat(condition(dd, Conditions.STALLED)).isEmpty();
    assertThat(condition(dd, Conditions.READY).orElseThrow().getStatus()).isEqualTo("True");
    Condition notifier = condition(dd, Conditions.NOTIFIER_READY).orElseThrow();
    assertThat(notifier.getStatus()).isEqualTo("False");
    assertThat(notifier.getReason()).isEqualTo(Reasons.NOTIFIER_ERROR);
    assertThat(notifier.getMessage())
        .isEqualTo(
            "spec.notifier: unknown option \"colour\" for webhook:// (expected secret-key (or"
                + " secret) or quiet); notifications are not sent; deploys go on without this"
                + " channel");
    assertThat(harness.awaitEvents("web", Reasons.NOTIFIER_ERROR))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo(Reasons.NOTIFIER_ERROR);
              assertThat(e.getMessage()).isEqualTo(notifier.getMessage());
            });

    // when: the URL is fixed
    edit(d -> d.getSpec().setNotifier("webhook://127.0.0.1:9/hooks"));

    // then: the condition is gone
    harness.await("web", LONG, d -> condition(d, Conditions.NOTIFIER_READY).isEmpty());
  }

  @Test
  void missingSecretKeyIsReportedAndDeploysGoOnUntilTheKeyIsAdded() {
    // given: a Slack notifier whose Secret lacks SLACK_TOKEN
    secret("notify", "OTHER", "x");
    apply("slack://deploys", "notify");

    // when
    DewyDeployment dd =
        harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    // then
    Condition notifier = condition(dd, Conditions.NOTIFIER_READY).orElseThrow();
    assertThat(notifier.getStatus()).isEqualTo("False");
    assertThat(notifier.getReason()).isEqualTo(Reasons.NOTIFIER_ERROR);
    assertThat(notifier.getMessage())
        .startsWith(
            "spec.notifierSecret: key SLACK_TOKEN is missing from Secret \"notify\" (slack://"
                + " needs a bot token)")
        .endsWith("deploys go on without this channel");

    // when: the key is added
    OperatorHarness.edit(
        harness.client().secrets().inNamespace(harness.namespace()).withName("notify"),
        s -> {
          s.getData().put("SLACK_TOKEN", "eG94Yi10b2tlbg==");
          return s;
        });

    // then
    harness.await("web", LONG, d -> condition(d, Conditions.NOTIFIER_READY).isEmpty());
  }

  @Test
  void missingSecretIsReportedAndDeploysGoOn() {
    // given
    apply("slack://deploys", "nowhere");

    // when
    DewyDeployment dd =
        harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    // then
    assertThat(condition(dd, Conditions.NOTIFIER_READY).orElseThrow().getMessage())
        .isEqualTo(
            "spec.notifierSecret: Secret \"nowhere\" not found in namespace \""
                + harness.namespace()
                + "\";"
                + " notifications are not sent; deploys go on without this channel");
  }

  private void apply(String notifier, String secret) {
    harness
        .dewy("web")
        .registry(registry.registryUrl("shop/web"))
        .notifier(notifier, secret)
        .create();
  }

  private void secret(String name, String key, String value) {
    harness
        .client()
        .secrets()
        .inNamespace(harness.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToStringData(key, value)
                .build())
        .create();
  }

  private void edit(java.util.function.Consumer<DewyDeployment> change) {
    OperatorHarness.edit(
        harness
            .client()
            .resources(DewyDeployment.class)
            .inNamespace(harness.namespace())
            .withName("web"),
        d -> {
          change.accept(d);
          return d;
        });
  }

  private static Optional<Condition> condition(DewyDeployment dd, String type) {
    return Conditions.find(dd.getStatus().getConditions(), type);
  }
}
