package dev.dewy.operator.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Writes a JSON document as a Lua table constructor, the way Argo CD hands objects to Lua. */
final class LuaTable {
  private LuaTable() {}

  static String of(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        out.append('[').append(quote(field.getKey())).append("]=");
        write(field.getValue(), out);
        out.append(',');
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('{');
      for (JsonNode item : node) {
        write(item, out);
        out.append(',');
      }
      out.append('}');
    } else if (node.isTextual()) {
      out.append(quote(node.asText()));
    } else if (node.isNull()) {
      out.append("nil");
    } else {
      out.append(node.asText());
    }
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
