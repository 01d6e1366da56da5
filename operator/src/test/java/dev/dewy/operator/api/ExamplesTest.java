package dev.dewy.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest in examples/ holds one DewyDeployment with no field the API lacks, together with
 * the workload it targets, and names no namespace, so that it applies to the current one.
 */
class ExamplesTest {
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Stream<Path> examples() throws IOException {
    return Files.list(Path.of("../examples")).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsADewyDeploymentWithItsWorkloadInTheCurrentNamespace(Path example)
      throws IOException {
    List<JsonNode> objects;
    try (var documents = STRICT_YAML.readerFor(JsonNode.class).readValues(example.toFile())) {
      objects = documents.readAll().stream().map(JsonNode.class::cast).toList();
    }
    assertThat(objects)
        .allSatisfy(o -> assertThat(o.path("metadata").has("namespace")).as("%s", o).isFalse());
    List<JsonNode> dewy =
        objects.stream().filter(o -> o.path("kind").asText().equals("DewyDeployment")).toList();
    assertThat(dewy).hasSize(1);
    DewyDeployment dd = STRICT_YAML.treeToValue(dewy.get(0), DewyDeployment.class);
    assertThat(dd.getMetadata().getName()).isNotBlank();
    assertThat(dd.getSpec().getRegistry()).matches("^(img|ghr|s3|gs|grpc)://.+");
    String kind = dd.getSpec().getTarget().getKind().toString();
    String name = dd.getSpec().getTarget().getName();
    assertThat(objects)
        .as("the %s %s it targets", kind, name)
        .anyMatch(
            o ->
                o.path("kind").asText().equals(kind)
                    && o.path("metadata").path("name").asText().equals(name));
  }
}
