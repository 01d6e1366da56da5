package dev.dewy.operator.version;

/**
 * The CalVer format specifiers Dewy knows, in the order a format is matched against them (longest
 * first), each with the digits it accepts. Ranges are per field (months 1-12, weeks 1-53, days
 * 1-31) as in Dewy; there is no calendar check across fields, so 2024.02.31 parses.
 */
enum CalVerSpecifier {
  YYYY("YYYY", "\\d{4}", "a 4-digit year"),
  ZERO_PADDED_YEAR("0Y", "\\d{2,3}", "a 2- or 3-digit year"),
  SHORT_YEAR("YY", "\\d{1,3}", "a 1- to 3-digit year"),
  ZERO_PADDED_MONTH("0M", "0[1-9]|1[0-2]", "a zero-padded month 01-12"),
  MONTH("MM", "[1-9]|1[0-2]", "a month 1-12 without zero padding"),
  ZERO_PADDED_WEEK("0W", "0[1-9]|[1-4]\\d|5[0-3]", "a zero-padded week 01-53"),
  WEEK("WW", "[1-9]|[1-4]\\d|5[0-3]", "a week 1-53 without zero padding"),
  ZERO_PADDED_DAY("0D", "0[1-9]|[12]\\d|3[01]", "a zero-padded day 01-31"),
  DAY("DD", "[1-9]|[12]\\d|3[01]", "a day 1-31 without zero padding"),
  MICRO("MICRO", "\\d+", "a number");

  final String symbol;
  final String regex;
  final String meaning;

  CalVerSpecifier(String symbol, String regex, String meaning) {
    this.symbol = symbol;
    this.regex = regex;
    this.meaning = meaning;
  }

  /** The specifier the format text starts with at {@code index}, or null for a literal. */
  static CalVerSpecifier at(String format, int index) {
    for (CalVerSpecifier specifier : values()) {
      if (format.startsWith(specifier.symbol, index)) {
        return specifier;
      }
    }
    return null;
  }

  static String symbols() {
    StringBuilder all = new StringBuilder();
    for (CalVerSpecifier specifier : values()) {
      all.append(all.length() == 0 ? "" : ", ").append(specifier.symbol);
    }
    return all.toString();
  }
}
