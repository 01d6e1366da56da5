package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset printer columns use: {@code .a.b}, {@code .a[0].b} and filters like {@code
 * .status.conditions[?(@.type=="Ready")].status}.
 */
public final class JsonPathColumn {
  private static final Pattern STEP =
      Pattern.compile(
          "\\.([A-Za-z0-9_\\-]+)|\\[(\\d+)\\]|\\[\\?\\(@\\.([A-Za-z0-9_.\\-]+)==[\"']([^\"']*)[\"']\\)\\]");

  private JsonPathColumn() {}

  /** The node the path names, or a missing node. */
  public static JsonNode evaluate(JsonNode root, String path) {
    String expression = path.trim();
    if (expression.startsWith("{") && expression.endsWith("}")) {
      expression = expression.substring(1, expression.length() - 1);
    }
    if (expression.startsWith("$")) {
      expression = expression.substring(1);
    }
    JsonNode node = root;
    Matcher matcher = STEP.matcher(expression);
    int position = 0;
    while (matcher.find() && matcher.start() == position) {
      position = matcher.end();
      if (matcher.group(1) != null) {
        node = node.path(matcher.group(1));
      } else if (matcher.group(2) != null) {
        node = node.path(Integer.parseInt(matcher.group(2)));
      } else {
        node = firstMatching(node, matcher.group(3), matcher.group(4));
      }
    }
    return position == expression.length() ? node : MissingNode.getInstance();
  }

  private static JsonNode firstMatching(JsonNode array, String field, String value) {
    for (JsonNode element : array) {
      JsonNode candidate = element;
      for (String part : field.split("\\.")) {
        candidate = candidate.path(part);
      }
      if (candidate.isValueNode() && candidate.asText().equals(value)) {
        return element;
      }
    }
    return MissingNode.getInstance();
  }
}
