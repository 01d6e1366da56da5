package dev.dewy.operator.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A shipping report as Dewy words it, {@code shipped to HOST at 20061202T150405Z} (gs:// adds the
 * command: {@code shipped to HOST assets at ...}), and the file that carries it (the words joined
 * by underscores, {@code .txt}): the release asset of ghr://, the empty object of s3:// and gs://.
 * HOST is the workload, {@code NAME.NAMESPACE}.
 *
 * @param command the command Dewy ran, where the scheme names it; null where it does not
 */
record ShippingReport(String shippedTo, String command, Instant at) {
  /** Dewy's ISO 8601 basic format, in UTC. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  static final String CONTENT_TYPE = "text/plain";

  ShippingReport(String shippedTo, Instant at) {
    this(shippedTo, null, at);
  }

  String text() {
    return "shipped to "
        + shippedTo
        + (command == null ? "" : " " + command)
        + " at "
        + STAMP.format(at);
  }

  String fileName() {
    return text().replace(' ', '_') + ".txt";
  }
}
