package dev.dewy.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo applies examples/00-quickstart.yaml as users read it, only pointed at its registry. */
class QuickStartExampleTest {

  @Test
  void demoAppliesTheCommittedExampleWithOnlyTheRegistryHostChanged() throws Exception {
    // given: the example as committed
    String committed = Files.readString(Path.of("../examples/00-quickstart.yaml"));

    // when: the demo prepares it for its registry
    String applied = QuickStartExample.forRegistry("127.0.0.1:40123");

    // then: the registry URL and the image both name the demo registry, and nothing else changed
    assertThat(applied)
        .contains("registry: img://127.0.0.1:40123/demo/hello")
        .contains("image: 127.0.0.1:40123/demo/hello:v1.0.0")
        .doesNotContain("localhost:5000");
    assertThat(applied.replace("127.0.0.1:40123", "localhost:5000")).isEqualTo(committed);
  }
}
