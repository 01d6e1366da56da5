package dev.dewy.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishTest {
  @Test
  void aReferenceSplitsIntoRegistryRepositoryAndTag() {
    assertThat(Publish.Target.parse("127.0.0.1:5000/demo/hello:v1.1.0"))
        .isEqualTo(new Publish.Target("127.0.0.1:5000", "demo/hello", "v1.1.0"));
  }

  @Test
  void aReferenceWithoutATagIsRefusedWithAnExample() {
    assertThatThrownBy(() -> Publish.Target.parse("127.0.0.1:5000/demo/hello"))
        .hasMessageContaining(
            "is not HOST:PORT/REPOSITORY:TAG (e.g. 127.0.0.1:5000/demo/hello:v1.1.0)");
  }

  @Test
  void noArgumentPrintsUsageAndExitsWithTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Publish.run(
            new String[0],
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Usage: java -jar dewy-operator.jar publish HOST:PORT/REPOSITORY:TAG");
  }

  @Test
  void anUnreachableRegistryExitsWithOneNamingTheImage() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Publish.run(
            new String[] {"127.0.0.1:" + port + "/demo/hello:v1"},
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("dewy-operator publish: 127.0.0.1:" + port + "/demo/hello:v1: ");
  }
}
