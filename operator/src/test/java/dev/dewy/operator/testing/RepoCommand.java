package dev.dewy.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * Commands run in the repository's root as a user runs them from a clone (the image build, the
 * README's walkthrough), and the build's own values from the operator's pom.
 */
public final class RepoCommand {
  /** The repository's root (tests run in {@code operator/}). */
  public static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private RepoCommand() {}

  /** How a command exited and what it wrote on stdout and stderr. */
  public record Result(int exit, String stdout, String stderr) {}

  /** Runs a command in the repository's root; its stdout, or a failure with both outputs. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Result result = runForResult(command);
    assertThat(result.exit())
        .as("%s failed:%n%s%n%s", command, result.stdout(), result.stderr())
        .isZero();
    return result.stdout();
  }

  public static Result runForResult(List<String> command) throws IOException, InterruptedException {
    Path err = Files.createTempFile("repo-command", ".err");
    try {
      Process process =
          new ProcessBuilder(command).directory(REPO.toFile()).redirectError(err.toFile()).start();
      String stdout;
      try (InputStream in = process.getInputStream()) {
        stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Result(process.waitFor(), stdout, Files.readString(err));
    } finally {
      Files.delete(err);
    }
  }

  /** A property of operator/pom.xml, such as the image's version. */
  public static String pomProperty(String name) throws Exception {
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(REPO.resolve("operator/pom.xml").toFile());
    return pom.getElementsByTagName(name).item(0).getTextContent().strip();
  }
}
