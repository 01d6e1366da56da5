package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Deployment deployment(Map<String, String> annotations) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("myapp")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", "myapp"))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("registry.example.com/shop/myapp:v1.4.0")
        .endContainer()
        .addNewContainer()
        .withName("sidecar")
        .withImage("envoy:1.30")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void givenNamedContainerWhenLookedUpThenThatOneIsReturned() {
    Container container = WorkloadPatch.targetContainer(deployment(null), "sidecar");

    assertThat(container.getImage()).isEqualTo("envoy:1.30");
  }

  @Test
  void givenNoContainerNameWhenLookedUpThenTheFirstIsTheTarget() {
    assertThat(WorkloadPatch.targetContainer(deployment(null), null).getName()).isEqualTo("web");
    assertThat(WorkloadPatch.targetContainer(deployment(null), "").getName()).isEqualTo("web");
  }

  @Test
  void givenUnknownContainerWhenLookedUpThenErrorSaysWhereAndWhatExists() {
    assertThatThrownBy(() -> WorkloadPatch.targetContainer(deployment(null), "app"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.target.container: container \"app\" not found in Deployment \"myapp\" (it has:"
                + " web, sidecar)");
  }

  @Test
  void givenStatefulSetWhenLookedUpThenItsTemplateIsUsed() {
    var sts =
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("db")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("postgres")
            .withImage("postgres:16.2")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    Container container = WorkloadPatch.targetContainer(sts, "postgres");

    assertThat(WorkloadPatch.currentVersion(container)).contains("16.2");
  }

  @Test
  void givenTargetImageWhenAdoptedThenCurrentVersionIsItsTag() {
    Container web = WorkloadPatch.targetContainer(deployment(null), "web");
    Container untagged = new Container();
    untagged.setImage("nginx");

    assertThat(WorkloadPatch.currentVersion(web)).contains("v1.4.0");
    assertThat(WorkloadPatch.currentVersion(untagged)).isEmpty();
  }

  @Test
  void givenImagePinnedToADigestWhenReadThenTheVersionIsItsTagAndTheDigestIsKnown() {
    String digest = "sha256:" + "ab".repeat(32);
    Container pinned = new Container();
    pinned.setImage("registry.example.com/shop/web:v1.4.0@" + digest);
    Container byTag = new Container();
    byTag.setImage("registry.example.com/shop/web:v1.4.0");

    assertThat(WorkloadPatch.currentVersion(pinned)).contains("v1.4.0");
    assertThat(WorkloadPatch.currentDigest(pinned)).contains(digest);
    assertThat(WorkloadPatch.currentVersion(byTag)).contains("v1.4.0");
    assertThat(WorkloadPatch.currentDigest(byTag)).isEmpty();
  }

  @Test
  void givenNewVersionWhenPatchedStrategicallyThenOnlyImageAndAnnotationAreSent() throws Exception {
    JsonNode patch =
        JSON.readTree(
            WorkloadPatch.strategicMerge(
                "web", "registry.example.com/shop/myapp:v1.5.0", "v1.5.0"));

    assertThat(patch)
        .isEqualTo(
            JSON.readTree(
                """
                {"spec":{"template":{
                  "metadata":{"annotations":{"dewy.dev/version":"v1.5.0"}},
                  "spec":{"containers":[{"name":"web","image":"registry.example.com/shop/myapp:v1.5.0"}]}}}}
                """));
  }
}
