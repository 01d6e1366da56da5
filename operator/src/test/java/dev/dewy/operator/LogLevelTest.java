package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chosen level, applied to the shipped logback.xml, decides which lines reach stdout. */
class LogLevelTest {

  /** The messages on stdout after logging one line per level from the operator and fabric8. */
  private static List<String> linesAt(LogLevel level) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogLevelTest.class.getResource("/logback.xml"));
      level.apply(context);
      for (String logger : List.of("dev.dewy.operator", "io.javaoperatorsdk", "io.fabric8.kube")) {
        var log = context.getLogger(logger);
        log.debug(logger + " debug");
        log.info(logger + " info");
        log.warn(logger + " warn");
        log.error(logger + " error");
      }
    } finally {
      System.setOut(original);
      context.stop();
    }
    List<String> messages = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty()) {
        messages.add(new ObjectMapper().readTree(line).get("msg").asText());
      }
    }
    return messages;
  }

  @Test
  void warnKeepsOnlyWarningsAndErrors() throws Exception {
    assertThat(linesAt(LogLevel.WARN))
        .containsExactly(
            "dev.dewy.operator warn",
            "dev.dewy.operator error",
            "io.javaoperatorsdk warn",
            "io.javaoperatorsdk error",
            "io.fabric8.kube warn",
            "io.fabric8.kube error");
  }

  @Test
  void debugShowsTheOperatorsDebugLinesButNotFabric8sRequestChatter() throws Exception {
    assertThat(linesAt(LogLevel.DEBUG))
        .contains("dev.dewy.operator debug", "io.javaoperatorsdk debug", "io.fabric8.kube warn")
        .doesNotContain("io.fabric8.kube debug", "io.fabric8.kube info");
  }

  @Test
  void errorSilencesEvenFabric8sWarnings() throws Exception {
    assertThat(linesAt(LogLevel.ERROR))
        .containsExactly(
            "dev.dewy.operator error", "io.javaoperatorsdk error", "io.fabric8.kube error");
  }

  @Test
  void infoIsTheShippedDefault() throws Exception {
    assertThat(linesAt(LogLevel.INFO))
        .contains("dev.dewy.operator info", "io.javaoperatorsdk info")
        .doesNotContain("dev.dewy.operator debug", "io.fabric8.kube info");
  }
}
