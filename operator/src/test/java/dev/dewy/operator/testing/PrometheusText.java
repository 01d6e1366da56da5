package dev.dewy.operator.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A /metrics page parsed as the Prometheus text format (0.0.4) defines it: {@code # HELP} and
 * {@code # TYPE} lines open a family, the samples after them belong to it (a histogram's or
 * summary's {@code _bucket}, {@code _sum} and {@code _count} included), label values are unescaped.
 * Anything else fails the parse with the line, so a malformed page fails the test that reads it.
 */
public final class PrometheusText {
  /** One sample line: the sample's own name (with any suffix), its labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its name and type as {@code # TYPE} gave them, and its samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {
    /** The sample named {@code name} whose labels include all of {@code labels}. */
    public Optional<Sample> sample(String name, Map<String, String> labels) {
      return samples.stream()
          .filter(s -> s.name().equals(name))
          .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
          .findFirst();
    }

    /** The label names of its samples ({@code le} and {@code quantile} included). */
    public Set<String> labelNames() {
      Set<String> names = new java.util.TreeSet<>();
      samples.forEach(s -> names.addAll(s.labels().keySet()));
      return names;
    }
  }

  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The family named {@code name}, if the page has it. */
  public Optional<Family> family(String name) {
    return Optional.ofNullable(families.get(name));
  }

  public static PrometheusText parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    Map<String, String> help = new LinkedHashMap<>();
    Family current = null;
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      try {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("# HELP ")) {
          String[] parts = line.substring(7).split(" ", 2);
          help.put(parts[0], parts.length > 1 ? unescapeHelp(parts[1]) : "");
        } else if (line.startsWith("# TYPE ")) {
          String[] parts = line.substring(7).split(" ");
          if (parts.length != 2 || !TYPES.contains(parts[1])) {
            throw new IllegalArgumentException("bad TYPE line");
          }
          if (families.containsKey(parts[0])) {
            throw new IllegalArgumentException("second TYPE for " + parts[0]);
          }
          current = new Family(parts[0], parts[1], help.get(parts[0]), new ArrayList<>());
          families.put(parts[0], current);
        } else if (line.startsWith("#")) {
          continue;
        } else {
          Sample sample = sample(line);
          if (current == null || !belongs(sample.name(), current)) {
            throw new IllegalArgumentException(
                "sample " + sample.name() + " outside its family's TYPE");
          }
          current.samples().add(sample);
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + number + " is not Prometheus text (" + e.getMessage() + "): " + line, e);
      }
    }
    return new PrometheusText(families);
  }

  private static boolean belongs(String sample, Family family) {
    if (sample.equals(family.name())) {
      return true;
    }
    List<String> suffixes =
        switch (family.type()) {
          case "histogram" -> List.of("_bucket", "_sum", "_count");
          case "summary" -> List.of("_sum", "_count");
          default -> List.of();
        };
    return suffixes.stream().anyMatch(s -> sample.equals(family.name() + s));
  }

  /** {@code name{label="value",...} value [timestamp]} */
  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad metric name \"" + name + "\"");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq);
        if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
          throw new IllegalArgumentException("bad label name \"" + label + "\"");
        }
        if (line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException("label value not quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(
                switch (next) {
                  case 'n' -> '\n';
                  case '\\', '"' -> next;
                  default -> throw new IllegalArgumentException("bad escape \\" + next);
                });
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) {
          throw new IllegalArgumentException("label " + label + " twice");
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).trim().split(" +");
    if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
      throw new IllegalArgumentException("expected a value and at most a timestamp");
    }
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, Map.copyOf(labels), value(rest[0]));
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  private static String unescapeHelp(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
