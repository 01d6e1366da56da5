package dev.dewy.operator.registry;

import java.util.regex.Pattern;

/** The OCI distribution rule for tag names; anything else from a registry is not passed on. */
final class OciTag {
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private OciTag() {}

  static boolean isValid(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }
}
