package dev.dewy.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest in examples/ reads as a DewyDeployment with no field the API lacks. */
class ExamplesTest {
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static Stream<Path> examples() throws IOException {
    return Files.list(Path.of("../examples")).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsAWellFormedDewyDeployment(Path example) throws IOException {
    DewyDeployment dd = STRICT_YAML.readValue(example.toFile(), DewyDeployment.class);
    assertThat(dd.getMetadata().getName()).isNotBlank();
    assertThat(dd.getMetadata().getNamespace()).isNotBlank();
    assertThat(dd.getSpec().getRegistry()).matches("^(img|ghr|s3|gs|grpc)://.+");
    assertThat(dd.getSpec().getTarget().getName()).isNotBlank();
  }
}
