package dev.dewy.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRD committed to crds/, and the chart's template of it, must be what the build generates from
 * the API classes. Run with -Ddewy.updateCrds=true to rewrite them after changing the API.
 */
class CommittedCrdTest {
  private static final String FILE = "dewydeployments.dewy.dev-v1.yml";
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
  private static final Path CRD = Path.of("../crds", FILE);
  private static final Path CHART_TEMPLATE =
      Path.of("../charts/dewy-operator/templates", ChartCrdTemplate.FILE);

  @Test
  void committedCrdsMatchTheApiClasses() throws IOException {
    String crd = CrdFinisher.finish(Files.readString(GENERATED, StandardCharsets.UTF_8));
    for (Map.Entry<Path, String> file :
        Map.of(CRD, crd, CHART_TEMPLATE, ChartCrdTemplate.render(crd)).entrySet()) {
      Path committed = file.getKey();
      String expected = file.getValue();
      if (Boolean.getBoolean("dewy.updateCrds")) {
        Files.createDirectories(committed.getParent());
        Files.writeString(committed, expected, StandardCharsets.UTF_8);
      }
      assertThat(committed).exists();
      assertThat(Files.readString(committed, StandardCharsets.UTF_8))
          .as(
              "%s is stale: the API classes changed. Run"
                  + " `mvn -pl operator test -Dtest=CommittedCrdTest -Ddewy.updateCrds=true`"
                  + " and commit the result.",
              committed)
          .isEqualTo(expected);
    }
  }

  @Test
  void crdIsStructuralAndDocumentsEveryField() throws IOException {
    CustomResourceDefinition crd = committedCrd();
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("dd");
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .containsExactly("Ready", "Current", "Latest", "Phase", "Age");
    JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired()).contains("registry", "target");
    assertThat(spec.getProperties().get("target").getRequired()).contains("name");
    assertThat(spec.getProperties().get("target").getProperties().get("kind").getEnum())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"Deployment\"", "\"StatefulSet\"", "\"DaemonSet\"");
    assertStructural("", version.getSchema().getOpenAPIV3Schema());
  }

  @Test
  void kubectlExplainHasADescriptionForEveryFieldOfTheSpec() throws IOException {
    CustomResourceDefinition crd = committedCrd();
    JSONSchemaProps spec =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    List<String> undescribed = new ArrayList<>();
    collectUndescribed("spec", spec, undescribed);
    assertThat(undescribed).as("fields without a description").isEmpty();
    JSONSchemaProps envItem =
        spec.getProperties()
            .get("hooks")
            .getProperties()
            .get("beforeDeploy")
            .getProperties()
            .get("env")
            .getItems()
            .getSchema();
    assertThat(envItem.getProperties().get("valueFrom").getDescription())
        .isEqualTo(
            "Source for the environment variable's value. Cannot be used if value is not empty.");
  }

  private static CustomResourceDefinition committedCrd() throws IOException {
    return Serialization.unmarshal(
        Files.readString(CRD, StandardCharsets.UTF_8), CustomResourceDefinition.class);
  }

  /** Every field, array item and map value under {@code node} that has no description. */
  private static void collectUndescribed(String path, JSONSchemaProps node, List<String> out) {
    if (node.getDescription() == null || node.getDescription().isBlank()) {
      out.add(path);
    }
    if (node.getProperties() != null) {
      node.getProperties()
          .forEach((name, child) -> collectUndescribed(path + "." + name, child, out));
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      collectUndescribed(path + "[]", node.getItems().getSchema(), out);
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      collectUndescribed(path + "{}", node.getAdditionalProperties().getSchema(), out);
    }
  }

  /** Every node typed, and every field described. */
  private static void assertStructural(String path, JSONSchemaProps node) {
    boolean intOrString = Boolean.TRUE.equals(node.getXKubernetesIntOrString());
    assertThat(node.getType()).as("type of %s", path).isNotBlank().matches(t -> !intOrString);
    if (!path.isEmpty() && !path.endsWith("[]")) {
      assertThat(node.getDescription()).as("description of %s", path).isNotBlank();
    }
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e : node.getProperties().entrySet()) {
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (Boolean.TRUE.equals(e.getValue().getXKubernetesIntOrString())) {
          continue;
        }
        assertStructural(child, e.getValue());
      }
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      assertStructural(path + "[]", node.getItems().getSchema());
    }
  }
}
