package dev.dewy.operator.registry;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code rel="next"} target of RFC 8288 Link headers, as OCI pagination uses them. */
final class LinkHeader {
  private static final Pattern LINK = Pattern.compile("<([^>]*)>([^,<]*)");
  private static final Pattern NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

  private LinkHeader() {}

  /** The next page, resolved against the page that carried the headers (links may be relative). */
  static Optional<URI> next(List<String> headerValues, URI page) {
    for (String value : headerValues) {
      Matcher link = LINK.matcher(value);
      while (link.find()) {
        Matcher rel = NEXT.matcher(link.group(2));
        while (rel.find()) {
          if (List.of(rel.group(1).trim().split("\\s+")).contains("next")) {
            return Optional.of(page.resolve(link.group(1).trim()));
          }
        }
      }
    }
    return Optional.empty();
  }
}
