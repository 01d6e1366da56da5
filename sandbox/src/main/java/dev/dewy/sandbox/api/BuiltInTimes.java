package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The timestamps of the built-in kinds as kube-apiserver keeps them: a {@code metav1.Time} is read
 * as RFC 3339 (a fraction allowed) and stored to the second, a {@code metav1.MicroTime} must have
 * exactly six fraction digits and is stored so; both in UTC, an empty one as null. A value Go's
 * {@code time.Parse} would refuse is a 400 with Go's words, as the server's decoding fails.
 */
final class BuiltInTimes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String RFC3339 = "2006-01-02T15:04:05Z07:00";
  private static final String RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** The fields of type metav1.Time in the served kinds (names are unique to timestamps). */
  private static final Set<String> TIMES =
      Set.of(
          "completionTime",
          "creationTimestamp",
          "deletionTimestamp",
          "deprecatedFirstTimestamp",
          "deprecatedLastTimestamp",
          "finishedAt",
          "firstTimestamp",
          "lastHeartbeatTime",
          "lastPhaseTransitionTime",
          "lastProbeTime",
          "lastScheduleTime",
          "lastSuccessfulTime",
          "lastTimestamp",
          "lastTransitionTime",
          "lastUpdateTime",
          "startTime",
          "startedAt",
          "time",
          "timeAdded");

  /** The fields of type metav1.MicroTime. */
  private static final Set<String> MICRO_TIMES =
      Set.of("acquireTime", "renewTime", "eventTime", "lastObservedTime");

  /** Maps of users' keys and values, and CRD schemas: nothing in them is a timestamp. */
  private static final Set<String> OPAQUE =
      Set.of(
          "data",
          "binaryData",
          "stringData",
          "labels",
          "annotations",
          "nodeSelector",
          "matchLabels",
          "selector",
          "limits",
          "requests",
          "overhead",
          "openAPIV3Schema",
          "fieldsV1");

  private BuiltInTimes() {}

  /** Normalises the timestamps of a built-in object in place; 400 for one Go cannot parse. */
  static void apply(ResourceType type, ObjectNode object) {
    if (type.isCustom()) {
      return;
    }
    try {
      walk(object);
    } catch (DateTimeException e) {
      throw ApiException.badRequest(
          type.kind()
              + " in version \""
              + type.version()
              + "\" cannot be handled as a "
              + type.kind()
              + ": "
              + e.getMessage());
    }
  }

  private static void walk(JsonNode node) {
    if (node instanceof ArrayNode array) {
      array.forEach(BuiltInTimes::walk);
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (value.isTextual() && (TIMES.contains(key) || MICRO_TIMES.contains(key))) {
        field.setValue(normalise(value.asText(), MICRO_TIMES.contains(key)));
      } else if (!OPAQUE.contains(key)) {
        walk(value);
      }
    }
  }

  private static JsonNode normalise(String text, boolean micro) {
    if (text.isEmpty()) {
      return JSON.nullNode();
    }
    Instant instant = parse(text, micro ? RFC3339_MICRO : RFC3339);
    return micro
        ? JSON.textNode(MICROS.format(instant.truncatedTo(ChronoUnit.MICROS)))
        : JSON.textNode(SECONDS.format(instant));
  }

  /**
   * Go's {@code time.Parse} for the two layouts, with its error texts: {@code parsing time "v" as
   * "layout": cannot parse "rest" as "element"}, {@code ...: month out of range}, {@code extra
   * text}.
   */
  static Instant parse(String value, String layout) {
    boolean micro = layout.equals(RFC3339_MICRO);
    String rest = value;
    int[] fields = new int[6];
    String[][] elements = {
      {"2006", "4"},
      {"-", null},
      {"01", "2"},
      {"-", null},
      {"02", "2"},
      {"T", null},
      {"15", "1-2"},
      {":", null},
      {"04", "2"},
      {":", null},
      {"05", "2"}
    };
    int at = 0;
    for (String[] element : elements) {
      if (element[1] == null) {
        if (!rest.startsWith(element[0])) {
          throw bad(value, layout, rest, element[0]);
        }
        rest = rest.substring(element[0].length());
        continue;
      }
      int length = element[1].equals("1-2") ? digits(rest, 2) : Integer.parseInt(element[1]);
      if (length == 0 || digits(rest, length) != length) {
        throw bad(value, layout, rest, element[0]);
      }
      fields[at++] = Integer.parseInt(rest.substring(0, length));
      rest = rest.substring(length);
    }
    long nanos = 0;
    if (micro) {
      if (rest.length() < 7 || rest.charAt(0) != '.' || digits(rest.substring(1), 6) != 6) {
        throw bad(value, layout, rest, ".000000");
      }
      nanos = Long.parseLong(rest.substring(1, 7)) * 1000;
      rest = rest.substring(7);
    } else if (rest.length() > 1 && rest.charAt(0) == '.' && Character.isDigit(rest.charAt(1))) {
      int n = digits(rest.substring(1), Integer.MAX_VALUE);
      String fraction = (rest.substring(1, 1 + n) + "000000000").substring(0, 9);
      nanos = Long.parseLong(fraction);
      rest = rest.substring(1 + n);
    }
    int offsetSeconds;
    if (rest.startsWith("Z")) {
      offsetSeconds = 0;
      rest = rest.substring(1);
    } else if (rest.length() >= 6
        && (rest.charAt(0) == '+' || rest.charAt(0) == '-')
        && digits(rest.substring(1), 2) == 2
        && rest.charAt(3) == ':'
        && digits(rest.substring(4), 2) == 2) {
      int hours = Integer.parseInt(rest.substring(1, 3));
      int minutes = Integer.parseInt(rest.substring(4, 6));
      offsetSeconds = (rest.charAt(0) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
      rest = rest.substring(6);
    } else {
      throw bad(value, layout, rest, "Z07:00");
    }
    if (!rest.isEmpty()) {
      throw new DateTimeException("parsing time " + quote(value) + ": extra text: " + quote(rest));
    }
    String range =
        fields[1] < 1 || fields[1] > 12
            ? "month"
            : fields[3] > 23
                ? "hour"
                : fields[4] > 59 ? "minute" : fields[5] > 59 ? "second" : null;
    if (range != null) {
      throw new DateTimeException("parsing time " + quote(value) + ": " + range + " out of range");
    }
    try {
      return LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
          .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds))
          .plusNanos(nanos);
    } catch (DateTimeException e) {
      throw new DateTimeException("parsing time " + quote(value) + ": day out of range");
    }
  }

  private static int digits(String text, int max) {
    int n = 0;
    while (n < text.length() && n < max && Character.isDigit(text.charAt(n))) {
      n++;
    }
    return n;
  }

  private static DateTimeException bad(String value, String layout, String rest, String element) {
    return new DateTimeException(
        "parsing time "
            + quote(value)
            + " as "
            + quote(layout)
            + ": cannot parse "
            + quote(rest)
            + " as "
            + quote(element));
  }

  private static String quote(String text) {
    return dev.dewy.sandbox.schema.GoText.quote(text);
  }
}
