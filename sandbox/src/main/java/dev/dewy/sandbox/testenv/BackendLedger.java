package dev.dewy.sandbox.testenv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records which Kubernetes API each test ran against, one line per test in {@code
 * target/test-backends.tsv} (tier, class, test, backends), so that {@code ./run-tests} can say how
 * many tests of each tier ran on the control plane and how many on the sandbox. Registered for
 * every test by JUnit's extension auto-detection; the sandbox and the control plane report their
 * use through {@link BackendUse}.
 */
public final class BackendLedger implements BeforeEachCallback, AfterEachCallback {
  static final Path FILE = Path.of("target", "test-backends.tsv");

  @Override
  public void beforeEach(ExtensionContext context) {
    BackendUse.begin();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Set<Backend> used = BackendUse.end();
    String backends =
        used.isEmpty()
            ? "none"
            : used.stream()
                .map(b -> b.name().toLowerCase().replace('_', ' '))
                .sorted()
                .collect(Collectors.joining("+"));
    String type = context.getRequiredTestClass().getName();
    String outer = type.contains("$") ? type.substring(0, type.indexOf('$')) : type;
    String tier = outer.endsWith("E2E") ? "E2E" : outer.endsWith("IT") ? "IT" : "unit";
    String line =
        String.join("\t", tier, type, context.getDisplayName().replace('\t', ' '), backends) + "\n";
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // the summary is a report, never a reason to fail a test
    }
  }
}
