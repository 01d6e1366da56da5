package dev.dewy.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between two runs of one scenario for reasons that are no divergence: the namespace's
 * random name, uids, resourceVersions, the moments things happened (kept as their shape, so that a
 * timestamp's precision is still compared), ages, addresses and ports, and the random parts of
 * generated names.
 */
final class DiffNormaliser {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?");
  private static final Pattern ADDRESS =
      Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(:\\d+)?\\b");
  private static final Pattern LOCALHOST_PORT = Pattern.compile("localhost:\\d+");

  /**
   * The random part of names Kubernetes generates: a pod's 5 characters, a ReplicaSet's template
   * hash, both from apimachinery's alphabet without vowels.
   */
  private static final Pattern GENERATED =
      Pattern.compile("(?<=-)[bcdfghjklmnpqrstvwxz2456789]{5,10}(?![a-z0-9])");

  /** An age or duration in a kubectl table: 3s, 2m10s, 5h, 4d. */
  private static final Pattern AGE =
      Pattern.compile("(?<=^|\\s|\\()\\d+[smhdy](\\d+[smhd])?(?=$|\\s|\\))");

  private static final Set<String> OPAQUE =
      Set.of("containerID", "imageID", "resourceVersion", "uid", "pod-template-hash");

  private final String namespace;

  DiffNormaliser(String namespace) {
    this.namespace = namespace;
  }

  JsonNode normalise(JsonNode node, boolean table) {
    if (node.isTextual()) {
      return JSON.textNode(text(node.asText(), table));
    }
    if (node.isArray()) {
      ArrayNode out = JSON.arrayNode();
      node.forEach(item -> out.add(normalise(item, table)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JSON.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String key = field.getKey();
        JsonNode value = field.getValue();
        if (OPAQUE.contains(key) && value.isTextual() && !value.asText().isEmpty()) {
          out.put(key, key.toUpperCase());
        } else {
          boolean output = key.equals("stdout") || key.equals("stderr");
          out.set(text(key, false), normalise(value, table || output));
        }
      }
      return out;
    }
    return node;
  }

  String text(String text, boolean table) {
    String out = text.replace(namespace, "NS");
    out = UUID.matcher(out).replaceAll("UID");
    out =
        replace(
            TIME,
            out,
            m -> m.group(1) == null ? "TIME" : "TIME." + "f".repeat(m.group(1).length() - 1));
    out = ADDRESS.matcher(out).replaceAll("ADDRESS");
    out = LOCALHOST_PORT.matcher(out).replaceAll("ADDRESS");
    out = GENERATED.matcher(out).replaceAll("GENERATED");
    if (table) {
      out = AGE.matcher(out).replaceAll("AGE");
      // columns are as wide as their widest cell, which normalising may have changed
      out = out.replaceAll("(?m)[ \\t]+$", "").replaceAll(" {2,}", "  ");
    }
    return out;
  }

  private static String replace(
      Pattern pattern, String text, java.util.function.Function<Matcher, String> replacement) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
