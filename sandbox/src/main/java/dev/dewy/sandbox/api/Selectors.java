package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Label and field selectors, in the syntax kubectl and fabric8 put in query strings. */
public final class Selectors {
  private Selectors() {}

  /** Both selectors combined; null or empty selectors match everything. */
  public static Predicate<JsonNode> of(String labelSelector, String fieldSelector) {
    Predicate<JsonNode> labels = labels(labelSelector);
    Predicate<JsonNode> fields = fields(fieldSelector);
    return o -> labels.test(o) && fields.test(o);
  }

  /**
   * A LabelSelector object as text, the way {@code metav1.FormatLabelSelector} writes it: its
   * requirements sorted by key ({@code app=web,tier in (a,b),!legacy}), {@code <none>} when empty.
   */
  public static String format(JsonNode selector) {
    List<String[]> requirements = new ArrayList<>();
    selector
        .path("matchLabels")
        .fields()
        .forEachRemaining(
            e -> requirements.add(new String[] {e.getKey(), "=", e.getValue().asText()}));
    for (JsonNode expression : selector.path("matchExpressions")) {
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      java.util.Collections.sort(values);
      String key = expression.path("key").asText();
      switch (expression.path("operator").asText()) {
        case "In" ->
            requirements.add(new String[] {key, " in ", "(" + String.join(",", values) + ")"});
        case "NotIn" ->
            requirements.add(new String[] {key, " notin ", "(" + String.join(",", values) + ")"});
        case "Exists" -> requirements.add(new String[] {key, "", ""});
        case "DoesNotExist" -> requirements.add(new String[] {"!" + key, "", ""});
        default -> {
          return "<error>";
        }
      }
    }
    requirements.sort(java.util.Comparator.comparing(r -> r[0].replaceFirst("^!", "")));
    String text =
        requirements.stream().map(r -> r[0] + r[1] + r[2]).collect(Collectors.joining(","));
    return text.isEmpty() ? "<none>" : text;
  }

  static Predicate<JsonNode> labels(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String term : splitTerms(selector)) {
      all = all.and(labelTerm(term.trim()));
    }
    return all;
  }

  private static Predicate<JsonNode> labelTerm(String term) {
    String[] inSet = term.split("\\s+(notin|in)\\s+", 2);
    if (inSet.length == 2) {
      boolean negate = term.matches(".*\\s+notin\\s+.*");
      String key = inSet[0].trim();
      Set<String> values =
          Arrays.stream(inSet[1].replaceAll("[()]", "").split(","))
              .map(String::trim)
              .collect(Collectors.toSet());
      return o -> {
        String value = label(o, key);
        boolean member = value != null && values.contains(value);
        return negate ? !member : member;
      };
    }
    if (term.contains("!=")) {
      String[] kv = term.split("!=", 2);
      return o -> !kv[1].trim().equals(label(o, kv[0].trim()));
    }
    if (term.contains("=")) {
      String[] kv = term.split("==?", 2);
      return o -> kv[1].trim().equals(label(o, kv[0].trim()));
    }
    if (term.startsWith("!")) {
      return o -> label(o, term.substring(1).trim()) == null;
    }
    return o -> label(o, term) != null;
  }

  private static String label(JsonNode object, String key) {
    JsonNode value = object.path("metadata").path("labels").get(key);
    return value == null ? null : value.asText();
  }

  static Predicate<JsonNode> fields(String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    for (String term : splitTerms(selector)) {
      boolean negate = term.contains("!=");
      String[] kv = term.split(negate ? "!=" : "==?", 2);
      String path = kv[0].trim();
      String expected = kv.length > 1 ? kv[1].trim() : "";
      all = all.and(o -> field(o, path).equals(expected) != negate);
    }
    return all;
  }

  private static String field(JsonNode object, String path) {
    JsonNode node = object;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node.isValueNode() ? node.asText() : "";
  }

  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : selector.toCharArray()) {
      if (c == '(') depth++;
      if (c == ')') depth--;
      if (c == ',' && depth == 0) {
        terms.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.isEmpty()) {
      terms.add(current.toString());
    }
    return terms;
  }
}
