package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.api.v1alpha1.HookResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The operator's log lines as the shipped logback.xml writes them: Dewy's JSON, one per line. */
class JsonLinesTest {
  private static final Instant EXAMPLE_TIME = Instant.parse("2024-03-15T10:30:45Z");

  private final LoggerContext context = shipped();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  JsonLinesTest() {
    captured.setContext(context);
    captured.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
  }

  /** A logback configured from the jar's logback.xml, writing to a stdout of the test's. */
  private static LoggerContext shipped() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(JsonLinesTest.class.getResource("/logback.xml"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return context;
  }

  /** The {@code index}th captured event, at the example's time, as the STDOUT encoder writes it. */
  private String render(int index) {
    LoggingEvent event = (LoggingEvent) captured.list.get(index);
    event.setInstant(EXAMPLE_TIME);
    @SuppressWarnings("unchecked")
    Encoder<ILoggingEvent> encoder =
        ((OutputStreamAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"))
            .getEncoder();
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  static HookResult referenceExample(boolean succeeded, Integer exitCode) {
    HookResult result = new HookResult();
    result.setCommand("backup-database.sh");
    result.setStdout("Backup completed successfully");
    result.setStderr("");
    result.setExitCode(exitCode);
    result.setDuration("2.5s");
    result.setVersion("v1.5.0");
    result.setSucceeded(succeeded);
    return result;
  }

  @Test
  void givenTheReferencePagesHookRunWhenLoggedThenTheLineMatchesItFieldForField() {
    HookLogLine.log(
        context.getLogger("dewy.hooks"),
        "shop",
        "myapp",
        HookKind.BEFORE_DEPLOY,
        referenceExample(true, 0));

    assertThat(render(0))
        .isEqualTo(
            "{\"time\":\"2024-03-15T10:30:45.000Z\",\"level\":\"INFO\","
                + "\"msg\":\"Execute hook success\","
                + "\"command\":\"backup-database.sh\",\"stdout\":\"Backup completed successfully\","
                + "\"stderr\":\"\",\"exit_code\":0,\"duration\":\"2.5s\",\"namespace\":\"shop\","
                + "\"name\":\"myapp\",\"hook\":\"before-deploy\",\"version\":\"v1.5.0\","
                + "\"logger\":\"dewy.hooks\"}\n");
  }

  @Test
  void givenFailedHookWhenLoggedThenErrorLevelFailureMessageAndReason() throws Exception {
    HookResult failed = referenceExample(false, null);
    failed.setReason("DeadlineExceeded");
    failed.setJobName("myapp-before-deploy-1a2b3c4d");

    HookLogLine.log(
        context.getLogger("dewy.hooks"), "shop", "myapp", HookKind.AFTER_DEPLOY, failed);
    JsonNode line = new ObjectMapper().readTree(render(0));

    assertThat(line.get("level").asText()).isEqualTo("ERROR");
    assertThat(line.get("msg").asText()).isEqualTo("Execute hook failure");
    assertThat(line.has("exit_code")).as("no exit code, no field").isFalse();
    assertThat(line.get("hook").asText()).isEqualTo("after-deploy");
    assertThat(line.get("reason").asText()).isEqualTo("DeadlineExceeded");
    assertThat(line.get("job").asText()).isEqualTo("myapp-before-deploy-1a2b3c4d");
  }

  @Test
  void givenAwkwardValuesWhenLoggedThenTheLineIsStillOneValidJsonObject() throws Exception {
    Logger log = context.getLogger("dev.dewy.operator.Test");
    log.atWarn()
        .setMessage("multi\nline \"quoted\" {}")
        .addArgument("arg")
        .addKeyValue("count", 3L)
        .addKeyValue("ratio", 0.5)
        .addKeyValue("ok", true)
        .addKeyValue("msg", "must not replace the message")
        .setCause(new IllegalStateException("boom"))
        .log();

    String text = render(0);
    JsonNode line = new ObjectMapper().readTree(text);

    assertThat(text).endsWith("}\n").doesNotContain("}\n{").hasLineCount(1);
    assertThat(text.split("\"msg\"", -1)).as("one msg field").hasSize(2);
    assertThat(line.get("msg").asText()).isEqualTo("multi\nline \"quoted\" arg");
    assertThat(line.get("count").isNumber()).isTrue();
    assertThat(line.get("ratio").asDouble()).isEqualTo(0.5);
    assertThat(line.get("ok").isBoolean()).isTrue();
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("error").asText()).contains("IllegalStateException: boom");
  }

  @Test
  void givenAnMdcEntryWhenLoggedThenItFollowsTheKeyValuesAndPrecedesTheLogger() throws Exception {
    context.getMDCAdapter().put("resource.name", "web");
    context.getLogger("dewy").atInfo().setMessage("hello").addKeyValue("exit_code", 0).log();
    context.getMDCAdapter().clear();

    String text = render(0);

    assertThat(text)
        .contains(
            "\"msg\":\"hello\",\"exit_code\":0,\"resource.name\":\"web\",\"logger\":\"dewy\"");
  }

  @Test
  void givenTheShippedLogbackXmlWhenLoggingThenStdoutGetsJsonLines() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LoggerContext onStdout;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      onStdout = shipped();
      onStdout.getLogger("dewy").atInfo().setMessage("hello").addKeyValue("exit_code", 0).log();
      onStdout.getLogger("io.fabric8.kubernetes").info("chatter below WARN is dropped");
    } finally {
      System.setOut(original);
    }
    onStdout.stop();

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines[0]);
    assertThat(line.get("msg").asText()).isEqualTo("hello");
    assertThat(line.get("exit_code").asInt()).isZero();
    assertThat(line.get("logger").asText()).isEqualTo("dewy");
    assertThat(line.get("time").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }
}
