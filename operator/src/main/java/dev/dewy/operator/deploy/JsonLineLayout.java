package dev.dewy.operator.deploy;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes each log event as one JSON line, as Dewy's slog handler does: {@code time}, {@code level},
 * {@code msg}, then the SLF4J key-values and MDC entries as top-level fields (numbers stay
 * numbers), then {@code logger} and, on errors, {@code error}. Log collectors parse it without a
 * pattern.
 */
public class JsonLineLayout extends LayoutBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String doLayout(ILoggingEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "time",
        Instant.ofEpochMilli(event.getTimeStamp()).truncatedTo(ChronoUnit.MILLIS).toString());
    fields.put("level", event.getLevel().toString());
    fields.put("msg", event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> fields.putIfAbsent(pair.key, pair.value));
    }
    if (event.getMDCPropertyMap() != null) {
      event.getMDCPropertyMap().forEach(fields::putIfAbsent);
    }
    fields.putIfAbsent("logger", event.getLoggerName());
    if (event.getThrowableProxy() != null) {
      fields.putIfAbsent("error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    return write(fields) + "\n";
  }

  private static String write(Map<String, Object> fields) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (Map.Entry<String, Object> field : fields.entrySet()) {
        json.writeFieldName(field.getKey());
        writeValue(json, field.getValue());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number number) {
      json.writeNumber(number.toString());
    } else if (value instanceof Boolean bool) {
      json.writeBoolean(bool);
    } else {
      json.writeString(value.toString());
    }
  }
}
