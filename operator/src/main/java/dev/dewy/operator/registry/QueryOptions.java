package dev.dewy.operator.registry;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The query part of a registry URL, checked against the options its scheme accepts. */
final class QueryOptions {
  private final Map<String, String> values;

  private QueryOptions(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code query} (without the '?'), rejecting options not in {@code accepted} and options
   * given twice. {@code notForScheme} maps options other schemes accept to why this one does not.
   */
  static QueryOptions parse(
      String query, String scheme, List<String> accepted, Map<String, String> notForScheme) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), pair);
      if (notForScheme.containsKey(name)) {
        throw new RegistryUrlException(
            "%s:// does not take %s (%s)".formatted(scheme, name, notForScheme.get(name)));
      }
      if (!accepted.contains(name)) {
        throw new RegistryUrlException(
            "unknown option \"%s\" (expected %s)".formatted(name, oneOf(accepted)));
      }
      if (values.put(name, value) != null) {
        throw new RegistryUrlException("option \"%s\" is given twice".formatted(name));
      }
    }
    return new QueryOptions(values);
  }

  /** A boolean option, false when absent; only the words true and false are accepted. */
  boolean bool(String name) {
    String value = values.get(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new RegistryUrlException("%s must be true or false (got \"%s\")".formatted(name, value));
  }

  /** A text option that, when present, must have a value; {@code needs} says what it takes. */
  Optional<String> nonEmpty(String name, String needs) {
    String value = values.get(name);
    if (value != null && value.isBlank()) {
      throw new RegistryUrlException("%s needs %s".formatted(name, needs));
    }
    return Optional.ofNullable(value);
  }

  /** An option holding an absolute http or https URL. */
  Optional<URI> httpUrl(String name) {
    Optional<String> value = nonEmpty(name, "a URL, as %s=https://HOST".formatted(name));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.get());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (java.net.URISyntaxException e) {
      // reported below, with the expected form
    }
    throw new RegistryUrlException(
        "%s must be an http or https URL, as %s=https://HOST (got \"%s\")"
            .formatted(name, name, value.get()));
  }

  static String oneOf(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " or "
        + words.get(words.size() - 1);
  }

  private static String decode(String text, String pair) {
    // '+' stays a plus: CalVer formats and constraints use it literally.
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new RegistryUrlException(
          "option \"%s\" has a broken %%-escape (expected %%XX with two hex digits)"
              .formatted(pair));
    }
  }
}
