package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Renders values as the Go API server prints them ({@code %q} and {@code %v}), for messages. */
public final class GoText {

  private GoText() {}

  /** Go's {@code strconv.Quote}: double quotes, escapes for quotes and unprintable characters. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                  if (cp < 0x20 || cp == 0x7f) {
                    out.append(String.format("\\x%02x", cp));
                  } else if (!printable(cp)) {
                    out.append(
                        cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
                  } else {
                    out.appendCodePoint(cp);
                  }
                }
              }
            });
    return out.append('"').toString();
  }

  private static boolean printable(int cp) {
    int type = Character.getType(cp);
    return Character.isDefined(cp)
        && type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.UNASSIGNED
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && (cp == ' ' || !Character.isWhitespace(cp) && type != Character.SPACE_SEPARATOR);
  }

  /** A number as Go's {@code %v} prints the int64 or float64 that JSON decoding produced. */
  static String number(JsonNode n) {
    BigDecimal value = n.decimalValue();
    if (n.isIntegralNumber()) {
      return value.toPlainString();
    }
    double d = n.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < 1e21) {
      return value.setScale(0).toPlainString();
    }
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 21) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d < 0 ? "-" : "")
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    return shortest.toPlainString();
  }

  /**
   * A bad value as {@code field.Error} shows it: strings quoted, numbers and booleans bare, and
   * objects and arrays in Go syntax ({@code %#v}), e.g. {@code map[string]interface {}{"a":1}}.
   */
  static String value(JsonNode v) {
    return v == null || v.isNull() ? "null" : goSyntax(v);
  }

  /** Go's {@code %#v} of a decoded JSON value; map keys sorted, as fmt prints them. */
  static String goSyntax(JsonNode v) {
    if (v.isTextual()) {
      return quote(v.textValue());
    }
    if (v.isNumber()) {
      return number(v);
    }
    if (v.isObject()) {
      List<String> entries = new ArrayList<>();
      v.fields()
          .forEachRemaining(f -> entries.add(quote(f.getKey()) + ":" + goSyntax(f.getValue())));
      entries.sort(null);
      return "map[string]interface {}{" + String.join(", ", entries) + "}";
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(item -> items.add(goSyntax(item)));
      return "[]interface {}{" + String.join(", ", items) + "}";
    }
    return v.isNull() ? "interface {}(nil)" : v.asText();
  }
}
