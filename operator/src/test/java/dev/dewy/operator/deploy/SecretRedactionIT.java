package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hook that prints a Secret must not put it into status or events. */
class SecretRedactionIT {
  private static final String TOKEN = "tok-9f2c41d7e8";

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void secretValuesPrintedByAHookAreRedactedFromStatusAndEvents() {
    registry.pushImages("shop/pay", "v1.0.0", "v1.1.0");
    harness.deployment("pay", registry.imageReference("shop/pay", "v1.0.0"));
    harness
        .client()
        .secrets()
        .inNamespace(harness.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("pay-api")
                .endMetadata()
                .addToStringData("token", TOKEN)
                .build())
        .create();

    harness
        .dewy("pay")
        .registry(registry.registryUrl("shop/pay"))
        .beforeHook(
            "echo \"calling with $API_TOKEN\"; echo \"rejected $API_TOKEN\" >&2; exit 4",
            hook ->
                hook.setEnv(
                    List.of(
                        new EnvVarBuilder()
                            .withName("API_TOKEN")
                            .withNewValueFrom()
                            .withNewSecretKeyRef("token", "pay-api", null)
                            .endValueFrom()
                            .build())))
        .create();

    DewyDeployment dd =
        harness.await("pay", Duration.ofSeconds(60), d -> !d.getStatus().getHistory().isEmpty());
    HookResult before = dd.getStatus().getHooks().getBeforeDeploy();
    assertThat(before.getExitCode()).isEqualTo(4);
    assertThat(before.getStdout()).isEqualTo("calling with [redacted]\n");
    assertThat(before.getStderr()).isEqualTo("rejected [redacted]\n");
    assertThat(harness.client().resource(dd).get().toString()).doesNotContain(TOKEN);
    List<Event> events =
        harness.awaitEvents(
            "pay",
            list -> list.stream().anyMatch(e -> e.getMessage().contains("rejected [redacted]")));
    assertThat(events).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }
}
