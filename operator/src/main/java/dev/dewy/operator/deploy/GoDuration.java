package dev.dewy.operator.deploy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** Go's time.ParseDuration and time.Duration.String(), because Dewy's users write and read them. */
public final class GoDuration {
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L, // micro sign
          "\u03bcs", 1_000L, // Greek mu
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * Parses a Go duration such as {@code 1h30m}, {@code 1.5s} or {@code 0}; {@code field} names the
   * spec path in the error message.
   */
  public static Duration parse(String text, String field) {
    if (text == null || text.isEmpty()) {
      throw invalid(text, field);
    }
    int i = 0;
    boolean negative = false;
    if (text.charAt(0) == '-' || text.charAt(0) == '+') {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    if (text.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == text.length()) {
      throw invalid(text, field);
    }
    BigDecimal total = BigDecimal.ZERO;
    while (i < text.length()) {
      int numberStart = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      String number = text.substring(numberStart, i);
      int unitStart = i;
      while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
        i++;
      }
      Long unit = UNITS.get(text.substring(unitStart, i));
      if (unit == null || !isDecimal(number)) {
        throw invalid(text, field);
      }
      total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
    }
    BigInteger nanos = total.toBigInteger(); // Go truncates sub-nanosecond fractions
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new InvalidSpecException(
          field, quote(text) + " is too long (a Go duration is at most about 2562047h)");
    }
    return Duration.ofNanos(negative ? -nanos.longValue() : nanos.longValue());
  }

  /** Formats like Go's Duration.String(): {@code 2.5s}, {@code 1m0s}, {@code 350ms}, {@code 0s}. */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    // Long.MIN_VALUE has no positive counterpart; BigInteger keeps the arithmetic exact.
    BigInteger u = BigInteger.valueOf(nanos).abs();
    if (u.compareTo(BigInteger.valueOf(1_000_000_000L)) < 0) {
      long v = u.longValue();
      if (v < 1_000) {
        return sign + v + "ns";
      }
      if (v < 1_000_000) {
        return sign + fraction(v, 3) + "\u00b5s";
      }
      return sign + fraction(v, 6) + "ms";
    }
    BigInteger[] secondsAndNanos = u.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    long totalSeconds = secondsAndNanos[0].longValue();
    long hours = totalSeconds / 3600;
    long minutes = totalSeconds / 60 % 60;
    long seconds = totalSeconds % 60;
    String secondsText = fraction(seconds * 1_000_000_000L + secondsAndNanos[1].longValue(), 9);
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) {
      out.append(hours).append('h').append(minutes).append('m');
    } else if (minutes > 0) {
      out.append(minutes).append('m');
    }
    return out.append(secondsText).append('s').toString();
  }

  /** {@code value / 10^digits} in decimal, without trailing zeros (and without a bare dot). */
  private static String fraction(long value, int digits) {
    String text = BigDecimal.valueOf(value, digits).stripTrailingZeros().toPlainString();
    return text;
  }

  private static boolean isDecimal(String number) {
    return number.matches("[0-9]+(\\.[0-9]*)?|\\.[0-9]+");
  }

  private static InvalidSpecException invalid(String text, String field) {
    return new InvalidSpecException(
        field,
        quote(text) + " is not a duration (expected a Go duration such as 30s, 10m or 1h30m)");
  }

  private static String quote(String text) {
    return "\"" + (text == null ? "" : text) + "\"";
  }
}
