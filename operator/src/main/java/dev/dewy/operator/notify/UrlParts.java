package dev.dewy.operator.notify;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A notifier URL cut into scheme, authority, path and options, by hand: java.net.URI would read the
 * "#" of slack://#channel as a fragment.
 */
record UrlParts(String scheme, String authority, String path, Map<String, String> options) {

  static final String FIELD = "spec.notifier: ";

  static UrlParts split(String raw) throws NotifierConfigException {
    String url = raw == null ? "" : raw.strip();
    if (url.isEmpty()) {
      throw new NotifierConfigException(
          FIELD + "is empty (expected a URL such as slack://CHANNEL or mail://HOST:PORT/TO)");
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) {
      throw new NotifierConfigException(
          FIELD
              + "\""
              + url
              + "\" has no scheme (expected slack://, mail://, smtp://, webhook:// or"
              + " webhooks://)");
    }
    String scheme = url.substring(0, schemeEnd);
    String rest = url.substring(schemeEnd + 3);
    int queryStart = rest.indexOf('?');
    String query = queryStart < 0 ? "" : rest.substring(queryStart + 1);
    String location = queryStart < 0 ? rest : rest.substring(0, queryStart);
    if (location.contains("://")) {
      throw new NotifierConfigException(
          FIELD
              + "holds more than one URL; Dewy takes one notifier (keep one, as slack://CHANNEL)");
    }
    int pathStart = location.indexOf('/');
    String authority = pathStart < 0 ? location : location.substring(0, pathStart);
    String path = pathStart < 0 ? "" : location.substring(pathStart);
    return new UrlParts(scheme, authority, path, options(query));
  }

  private static Map<String, String> options(String query) throws NotifierConfigException {
    Map<String, String> options = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (options.put(key, value) != null) {
        throw new NotifierConfigException(
            FIELD + "option \"" + key + "\" is given twice (give it once)");
      }
    }
    return options;
  }

  private static String decode(String text) throws NotifierConfigException {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new NotifierConfigException(
          FIELD + "\"" + text + "\" has a broken %-escape (write %25 for a literal %)");
    }
  }

  /** Rejects options this scheme does not know, listing the ones it does. */
  void requireKnownOptions(Set<String> known, String expected) throws NotifierConfigException {
    for (String key : options.keySet()) {
      if (!known.contains(key)) {
        throw new NotifierConfigException(
            FIELD
                + "unknown option \""
                + key
                + "\" for "
                + scheme
                + ":// (expected "
                + expected
                + ")");
      }
    }
  }

  String option(String key) {
    return options.getOrDefault(key, "");
  }

  /** Dewy's quiet option, read the way Go's strconv.ParseBool reads it. */
  boolean quiet() throws NotifierConfigException {
    String value = option("quiet");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "0", "f", "false" -> false;
      case "1", "t", "true" -> true;
      default ->
          throw new NotifierConfigException(
              FIELD + "quiet \"" + value + "\" is not true or false (write quiet=true)");
    };
  }

  /** The port after the host, or defaultPort when there is none. */
  int port(int defaultPort) throws NotifierConfigException {
    int colon = portColon();
    if (colon < 0) {
      return defaultPort;
    }
    String text = authority.substring(colon + 1);
    if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
      throw new NotifierConfigException(
          FIELD + scheme + ":// port \"" + text + "\" is not a number");
    }
    int port = text.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new NotifierConfigException(
          FIELD + scheme + ":// port " + text + " is out of range (expected 1 to 65535)");
    }
    return port;
  }

  /** The host without the port; requires one, showing the expected form. */
  String host(String form) throws NotifierConfigException {
    int colon = portColon();
    String host = colon < 0 ? authority : authority.substring(0, colon);
    if (host.isEmpty()) {
      throw new NotifierConfigException(FIELD + scheme + ":// needs a host, as " + form);
    }
    if (host.contains("@")) {
      throw new NotifierConfigException(
          FIELD
              + scheme
              + ":// host \""
              + host
              + "\" has an \"@\"; put credentials in spec.notifierSecret, not in the URL");
    }
    return host;
  }

  private int portColon() {
    int bracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    return colon > bracket ? colon : -1;
  }
}
