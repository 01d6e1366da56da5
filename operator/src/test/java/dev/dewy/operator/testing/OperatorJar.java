package dev.dewy.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar operator/target/dewy-operator.jar}, started as a user or the chart starts it,
 * with its stdout and stderr in files of its own.
 */
public record OperatorJar(Process process, Path out, Path err) {
  public static final Path JAR = Path.of("target/dewy-operator.jar");

  /** Starts the jar with {@code kubeconfig} and {@code env}; logs go to DIR/NAME.out and .err. */
  public static OperatorJar start(
      Path dir, String name, Path kubeconfig, Map<String, String> env, String... args)
      throws IOException {
    assertThat(JAR).as("build it first: mvn -pl operator package").exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().putAll(env);
    return new OperatorJar(builder.start(), out, err);
  }

  /** What it wrote to stdout and stderr so far. */
  public String logs() {
    try {
      return (Files.exists(out) ? Files.readString(out) : "")
          + (Files.exists(err) ? Files.readString(err) : "");
    } catch (IOException e) {
      return "(cannot read its logs: " + e + ")";
    }
  }
}
