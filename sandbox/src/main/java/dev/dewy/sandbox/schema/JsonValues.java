package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON equality as decoded values compare: numbers by value, whatever their notation. */
final class JsonValues {

  private JsonValues() {}

  static boolean same(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) ->
            x.isNumber() && y.isNumber()
                ? x.decimalValue().compareTo(y.decimalValue())
                : x.equals(y) ? 0 : 1,
        b);
  }
}
