package dev.dewy.operator.registry;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A registry URL cut into scheme, authority, path and query, before any scheme's rules. */
record UrlParts(String original, String scheme, String authority, String path, String query) {
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  static UrlParts split(String url) {
    if (url == null || url.isEmpty()) {
      throw new RegistryUrlException(
          "must not be empty (expected a registry URL, as img://registry.example.com/shop/myapp)");
    }
    if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new RegistryUrlException(
          "must not contain spaces or control characters (got \"%s\")".formatted(url.strip()));
    }
    int sep = url.indexOf("://");
    if (sep < 0 || !SCHEME.matcher(url.substring(0, sep)).matches()) {
      throw new RegistryUrlException(
          "\"%s\" has no scheme (expected img://, ghr://, s3://, gs:// or grpc://)".formatted(url));
    }
    String scheme = url.substring(0, sep);
    String rest = url.substring(sep + 3);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      throw new RegistryUrlException(
          "a registry URL takes no fragment (got \"%s\")".formatted(rest.substring(hash)));
    }
    int question = rest.indexOf('?');
    String query = question < 0 ? "" : rest.substring(question + 1);
    String beforeQuery = question < 0 ? rest : rest.substring(0, question);
    int slash = beforeQuery.indexOf('/');
    String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
    String path = slash < 0 ? "" : beforeQuery.substring(slash + 1);
    if (authority.contains("@")) {
      throw new RegistryUrlException(
          "credentials do not belong in the URL; put them in the Secret named by"
              + " spec.credentialsSecret");
    }
    return new UrlParts(url, scheme, authority, path, query);
  }

  /** The path's segments; an empty path has none, and empty segments are kept to be rejected. */
  List<String> segments() {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
  }

  QueryOptions options(List<String> accepted, Map<String, String> notForScheme) {
    return QueryOptions.parse(query, scheme, accepted, notForScheme);
  }

  QueryOptions options(List<String> accepted) {
    return options(accepted, Map.of());
  }

  /** The port after a colon in the authority, checked as a number in range. */
  static int port(String scheme, String text, String expectedForm) {
    if (!text.matches("[0-9]{1,5}")) {
      throw new RegistryUrlException(
          "%s:// port \"%s\" is not a number (expected %s)".formatted(scheme, text, expectedForm));
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new RegistryUrlException(
          "%s:// port %d is out of range (expected 1 to 65535)".formatted(scheme, port));
    }
    return port;
  }
}
