package dev.dewy.operator.version;

/** Reads the compact policy column of the test tables, e.g. "pre; constraint=^1.2". */
final class PolicyText {

  private PolicyText() {}

  static VersionPolicy read(String text) {
    VersionPolicy policy = VersionPolicy.semver();
    if (text == null || text.isBlank()) {
      return policy;
    }
    for (String setting : text.split(";")) {
      String trimmed = setting.trim();
      String value = trimmed.substring(trimmed.indexOf('=') + 1);
      if (trimmed.equals("pre")) {
        policy = policy.withPreRelease(true);
      } else if (trimmed.startsWith("calver=")) {
        policy = policy.withCalver(CalVerFormat.parse(value).orElseThrow());
      } else if (trimmed.startsWith("constraint=")) {
        policy = policy.withConstraint(VersionConstraint.parse(value).orElseThrow());
      } else if (trimmed.startsWith("pin=")) {
        policy = policy.withPin(value);
      } else {
        throw new IllegalArgumentException("unknown policy setting in test table: " + trimmed);
      }
    }
    return policy;
  }
}
