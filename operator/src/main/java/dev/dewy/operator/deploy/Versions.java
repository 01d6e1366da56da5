package dev.dewy.operator.deploy;

import dev.dewy.operator.version.ParseResult;
import dev.dewy.operator.version.Version;
import dev.dewy.operator.version.VersionPolicy;

/** Version comparisons the flow needs beyond selection. */
final class Versions {
  private Versions() {}

  /**
   * Whether two tags name the same version under the policy ({@code v1.0.0} and {@code 1.0.0} do);
   * tags that are not versions are the same only when spelled the same.
   */
  static boolean same(VersionPolicy policy, String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    ParseResult<Version> left = policy.scheme().parseVersion(a);
    ParseResult<Version> right = policy.scheme().parseVersion(b);
    if (left.isParsed() && right.isParsed()) {
      return left.orElseThrow().compareTo(right.orElseThrow()) == 0;
    }
    return a.equals(b);
  }

  /**
   * Whether {@code a} is a newer version than {@code b} under the policy; false when either is not
   * a version, since then neither can be said to be newer.
   */
  static boolean newer(VersionPolicy policy, String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    ParseResult<Version> left = policy.scheme().parseVersion(a);
    ParseResult<Version> right = policy.scheme().parseVersion(b);
    return left.isParsed()
        && right.isParsed()
        && left.orElseThrow().compareTo(right.orElseThrow()) > 0;
  }
}
