package dev.dewy.operator.version;

import java.util.OptionalLong;

/** Reads the digit runs of tags as 64-bit numbers, refusing rather than clamping larger ones. */
final class DecimalNumber {

  private DecimalNumber() {}

  static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value of a run of digits, or empty when it does not fit in a signed 64-bit long. */
  static OptionalLong toLong(String digits) {
    try {
      return OptionalLong.of(Long.parseLong(digits));
    } catch (NumberFormatException tooLarge) {
      return OptionalLong.empty();
    }
  }
}
