package dev.dewy.operator.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * mail://HOST:PORT/TO?from=&subject= (smtp:// alike): the SMTP server, the recipients and the
 * optional sender and subject prefix; an empty {@code from} means "use MAIL_USERNAME".
 */
public record MailUrl(
    String host, int port, List<String> to, String from, String subject, boolean quiet)
    implements NotifierUrl {

  public static final int DEFAULT_PORT = 587;
  static final Pattern ADDRESS = Pattern.compile("[^@\\s,]+@[^@\\s,]+");

  public MailUrl {
    to = List.copyOf(to);
  }

  static MailUrl from(UrlParts parts) throws NotifierConfigException {
    parts.requireKnownOptions(Set.of("from", "subject", "quiet"), "from, subject or quiet");
    String form = parts.scheme() + "://HOST:PORT/TO";
    String host = parts.host(form);
    int port = parts.port(DEFAULT_PORT);
    List<String> to = recipients(parts, form);
    String from = parts.option("from");
    if (!from.isEmpty() && !ADDRESS.matcher(from).matches()) {
      throw new NotifierConfigException(
          UrlParts.FIELD + parts.scheme() + ":// from \"" + from + "\" is not an email address");
    }
    return new MailUrl(host, port, to, from, parts.option("subject"), parts.quiet());
  }

  private static List<String> recipients(UrlParts parts, String form)
      throws NotifierConfigException {
    String path = parts.path().startsWith("/") ? parts.path().substring(1) : parts.path();
    List<String> to = new ArrayList<>();
    for (String address : path.split(",")) {
      String trimmed = address.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!ADDRESS.matcher(trimmed).matches()) {
        throw new NotifierConfigException(
            UrlParts.FIELD
                + parts.scheme()
                + ":// recipient \""
                + trimmed
                + "\" is not an email address");
      }
      to.add(trimmed);
    }
    if (to.isEmpty()) {
      throw new NotifierConfigException(
          UrlParts.FIELD + parts.scheme() + ":// needs a recipient, as " + form);
    }
    return to;
  }
}
