package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArtifactInitContainerTest {
  private static final Container APP =
      new ContainerBuilder()
          .withName("app")
          .withImage("shop:stable")
          .addNewVolumeMount()
          .withName("app")
          .withMountPath("/opt/shop")
          .endVolumeMount()
          .build();

  private static final Map<String, String> S3_KEYS = new LinkedHashMap<>();

  static {
    S3_KEYS.put("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID");
    S3_KEYS.put("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void theInitContainerFetchesIntoTheAppsOwnMountPathWithKeysFromTheSecret() {
    Container init =
        ArtifactInitContainer.build(
            "ghcr.io/dewy-operator/dewy-operator:0.1.0",
            "s3://ap-northeast-1/releases/shop",
            "v1.2.0",
            "app",
            APP,
            Optional.of("s3-keys"),
            S3_KEYS);

    assertThat(init.getName()).isEqualTo("dewy-fetch");
    assertThat(init.getArgs())
        .containsExactly(
            "fetch",
            "--source=s3://ap-northeast-1/releases/shop",
            "--version=v1.2.0",
            "--into=/opt/shop");
    assertThat(init.getVolumeMounts().get(0).getMountPath()).isEqualTo("/opt/shop");
    assertThat(init.getEnv())
        .extracting(
            e ->
                e.getName()
                    + "<-"
                    + e.getValueFrom().getSecretKeyRef().getName()
                    + "/"
                    + e.getValueFrom().getSecretKeyRef().getKey())
        .containsExactly(
            "AWS_ACCESS_KEY_ID<-s3-keys/AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY<-s3-keys/AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void withoutAMountInTheAppTheVolumeGoesToTheDefaultPathAndNoSecretMeansNoEnv() {
    Container init =
        ArtifactInitContainer.build(
            "img", "s3://r/b", "v1", "data", new Container(), Optional.empty(), Map.of());
    assertThat(init.getArgs()).contains("--into=" + ArtifactInitContainer.DEFAULT_MOUNT_PATH);
    assertThat(init.getEnv()).isEmpty();
  }

  @Test
  void theCurrentVersionIsTheInitContainersVersionArgument() {
    PodSpec pod =
        new PodSpecBuilder()
            .addNewInitContainer()
            .withName("migrate")
            .withArgs("--version=v0")
            .endInitContainer()
            .addToInitContainers(
                ArtifactInitContainer.build(
                    "i", "s3://r/b", "v1.4.0", "app", APP, Optional.empty(), Map.of()))
            .build();
    assertThat(ArtifactInitContainer.currentVersion(pod)).contains("v1.4.0");
    assertThat(ArtifactInitContainer.currentVersion(new PodSpec())).isEmpty();
  }

  @Test
  void thePatchesMergeByNameAndTheRemovalDeletesOnlyTheFetcher() {
    Container init =
        ArtifactInitContainer.build("i", "s3://r/b", "v1", "app", APP, Optional.empty(), Map.of());
    assertThat(ArtifactInitContainer.patch(init, "v1"))
        .startsWith(
            "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"dewy.dev/version\":\"v1\"}},"
                + "\"spec\":{\"initContainers\":[{")
        .contains("\"name\":\"dewy-fetch\"")
        .doesNotContain("\"containers\"");
    assertThat(ArtifactInitContainer.removal())
        .isEqualTo(
            "{\"spec\":{\"template\":{\"spec\":{\"initContainers\":"
                + "[{\"name\":\"dewy-fetch\",\"$patch\":\"delete\"}]}}}}");
  }

  @Test
  void theImageIsTheOperatorsAsTheChartSetsIt() {
    assertThat(ArtifactInitContainer.image(Map.of("DEWY_OPERATOR_IMAGE", "reg.local/dewy:1")))
        .isEqualTo("reg.local/dewy:1");
    assertThat(ArtifactInitContainer.image(Map.of()))
        .isEqualTo("ghcr.io/dewy-operator/dewy-operator:0.1.0");
  }

  @Test
  void aVolumeTheTemplateLacksNamesTheVolumesItHas() {
    PodSpec pod =
        new PodSpecBuilder()
            .addNewVolume()
            .withName("cache")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .build();
    assertThatThrownBy(() -> ArtifactInitContainer.checkVolume(pod, "app", "Deployment \"shop\""))
        .hasMessage(
            "spec.target.volume: volume \"app\" not found in the pod template of Deployment"
                + " \"shop\" (it has: cache); add it, e.g. as an emptyDir, or fix"
                + " spec.target.volume");
  }
}
