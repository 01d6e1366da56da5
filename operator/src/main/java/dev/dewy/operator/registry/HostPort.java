package dev.dewy.operator.registry;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/** A host name or IP address with an optional port, as written in a registry URL. */
record HostPort(String host, OptionalInt port) {
  private static final Pattern HOST =
      Pattern.compile(
          "([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
              + "|\\[[0-9A-Fa-f:.]+\\]");

  static HostPort parse(String scheme, String authority, String expectedForm) {
    int colon = authority.lastIndexOf(':');
    boolean hasPort = colon >= 0 && authority.indexOf(']', colon) < 0;
    String host = hasPort ? authority.substring(0, colon) : authority;
    if (!HOST.matcher(host).matches()) {
      throw new RegistryUrlException(
          "%s:// host \"%s\" is not a host name or IP address (expected %s)"
              .formatted(scheme, host, expectedForm));
    }
    OptionalInt port =
        hasPort
            ? OptionalInt.of(UrlParts.port(scheme, authority.substring(colon + 1), expectedForm))
            : OptionalInt.empty();
    return new HostPort(host, port);
  }

  boolean isLoopback() {
    String lower = host.toLowerCase(java.util.Locale.ROOT);
    return lower.equals("localhost") || lower.startsWith("127.") || lower.equals("[::1]");
  }

  @Override
  public String toString() {
    return port.isPresent() ? host + ":" + port.getAsInt() : host;
  }
}
