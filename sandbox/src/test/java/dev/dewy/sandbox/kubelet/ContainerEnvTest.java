package dev.dewy.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerEnvTest {

  private final ConfigSource source =
      new ConfigSource() {
        @Override
        public Optional<Map<String, String>> secret(String namespace, String name) {
          return name.equals("db")
              ? Optional.of(Map.of("user", "app", "pass", "pw"))
              : Optional.empty();
        }

        @Override
        public Optional<Map<String, String>> configMap(String namespace, String name) {
          return name.equals("cfg") ? Optional.of(Map.of("host", "db.local")) : Optional.empty();
        }
      };

  private final Pod pod =
      new PodBuilder()
          .withNewMetadata()
          .withName("hook-abcde")
          .withNamespace("prod")
          .addToLabels("app", "shop")
          .endMetadata()
          .withNewSpec()
          .withServiceAccountName("deployer")
          .endSpec()
          .build();

  @Test
  void envFromComesFirstAndEnvCanReferToIt() throws Exception {
    Container container =
        new ContainerBuilder()
            .addNewEnvFrom()
            .withPrefix("DB_")
            .withNewSecretRef("db", false)
            .endEnvFrom()
            .addNewEnvFrom()
            .withNewConfigMapRef("cfg", false)
            .endEnvFrom()
            .addNewEnv()
            .withName("URL")
            .withValue("pg://$(DB_user)@$(host)")
            .endEnv()
            .build();

    assertThat(new ContainerEnv(source).resolve(pod, container))
        .containsEntry("DB_pass", "pw")
        .containsEntry("URL", "pg://app@db.local");
  }

  @Test
  void fieldRefsReadThePod() throws Exception {
    Container container =
        new ContainerBuilder()
            .addNewEnv()
            .withName("APP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['app']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("SA")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("spec.serviceAccountName")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .build();

    assertThat(new ContainerEnv(source).resolve(pod, container))
        .containsEntry("APP", "shop")
        .containsEntry("SA", "deployer");
  }

  @Test
  void optionalMissingKeyIsLeftOutButARequiredOneFailsNamingTheKey() throws Exception {
    Container optional =
        new ContainerBuilder()
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewSecretKeyRef("nokey", "db", true)
            .endValueFrom()
            .endEnv()
            .build();
    Container required =
        new ContainerBuilder()
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("nokey", "cfg", false)
            .endValueFrom()
            .endEnv()
            .build();

    assertThat(new ContainerEnv(source).resolve(pod, optional)).doesNotContainKey("X");
    assertThatThrownBy(() -> new ContainerEnv(source).resolve(pod, required))
        .hasMessage("couldn't find key nokey in configmap cfg");
  }

  @Test
  void unsupportedFieldPathNamesTheSupportedOnes() {
    Container container =
        new ContainerBuilder()
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.phase")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .build();

    assertThatThrownBy(() -> new ContainerEnv(source).resolve(pod, container))
        .hasMessageStartingWith(
            "fieldRef.fieldPath: unsupported \"status.phase\" (expected metadata.name");
  }
}
