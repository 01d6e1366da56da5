package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

  @Test
  void everyWayAPodReadsASecretIsFound() {
    PodSpec pod =
        new PodSpecBuilder()
            .addNewContainer()
            .addNewEnv()
            .withName("TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef("token", "api", false)
            .endValueFrom()
            .endEnv()
            .addNewEnvFrom()
            .withNewSecretRef("db", false)
            .endEnvFrom()
            .endContainer()
            .addNewVolume()
            .withName("certs")
            .withNewSecret()
            .withSecretName("tls")
            .endSecret()
            .endVolume()
            .build();

    assertThat(SecretRedactor.references(pod))
        .isEqualTo(Map.of("api", Set.of("token"), "db", Set.of("*"), "tls", Set.of("*")));
  }

  @Test
  void valuesAreReplacedLongestFirstAndShortOnesAreLeftAlone() {
    String out =
        SecretRedactor.redact(
            "token=s3cr3t-long, prefix=s3cr3t, flag=on\n", Set.of("s3cr3t", "s3cr3t-long", "on"));
    assertThat(out).isEqualTo("token=[redacted], prefix=[redacted], flag=on\n");
  }

  @Test
  void aValueWithATrailingNewlineIsFoundWithoutIt() {
    assertThat(SecretRedactor.redact("password is hunter22!", Set.of("hunter22!\n")))
        .isEqualTo("password is [redacted]");
  }
}
