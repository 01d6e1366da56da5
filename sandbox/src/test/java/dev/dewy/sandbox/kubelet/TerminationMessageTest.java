package dev.dewy.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationMessageTest {

  @TempDir Path dir;

  @Test
  void fileContentIsTheMessageCutAt4096Bytes() throws Exception {
    Path file = Files.writeString(dir.resolve("msg"), "x".repeat(5000));

    assertThat(TerminationMessage.of(file, "File", 1, "log")).hasSize(4096);
  }

  @Test
  void logTailIsUsedOnlyForFailureWithEmptyFileUnderFallbackPolicy() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "");

    assertThat(TerminationMessage.of(empty, "FallbackToLogsOnError", 1, "boom\n"))
        .isEqualTo("boom\n");
    assertThat(TerminationMessage.of(empty, "FallbackToLogsOnError", 0, "fine\n")).isEmpty();
    assertThat(TerminationMessage.of(empty, "File", 1, "boom\n")).isEmpty();
  }

  @Test
  void logTailKeepsTheLast80Lines() {
    String log =
        IntStream.rangeClosed(1, 100).mapToObj(i -> "l" + i + "\n").collect(Collectors.joining());

    String tail = TerminationMessage.fromLogTail(log);

    assertThat(tail).startsWith("l21\n").endsWith("l100\n");
    assertThat(tail.split("\n")).hasSize(80);
  }

  @Test
  void logTailKeepsTheLast2048Bytes() {
    String tail = TerminationMessage.fromLogTail("a".repeat(3000) + "END");

    assertThat(tail).hasSize(2048).endsWith("END");
  }
}
