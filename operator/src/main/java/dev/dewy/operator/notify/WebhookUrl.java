package dev.dewy.operator.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * webhook://HOST[:PORT]/PATH (http) or webhooks://... (https), with {@code secret-key} naming the
 * key of spec.notifierSecret that holds the HMAC key ("" when unsigned).
 */
public record WebhookUrl(URI endpoint, String secretKey, boolean quiet) implements NotifierUrl {

  static WebhookUrl from(UrlParts parts) throws NotifierConfigException {
    parts.requireKnownOptions(
        Set.of("secret-key", "secret", "quiet"), "secret-key (or secret) or quiet");
    if (parts.options().containsKey("secret-key") && parts.options().containsKey("secret")) {
      throw new NotifierConfigException(
          UrlParts.FIELD + "give secret-key or secret, not both (they are the same option)");
    }
    String secretKey =
        parts.options().containsKey("secret") ? parts.option("secret") : parts.option("secret-key");
    boolean named =
        parts.options().containsKey("secret") || parts.options().containsKey("secret-key");
    if (named && secretKey.isEmpty()) {
      throw new NotifierConfigException(
          UrlParts.FIELD
              + parts.scheme()
              + ":// secret-key needs the name of a key in spec.notifierSecret, as"
              + " secret-key=WEBHOOK_SECRET");
    }
    String host = parts.host(parts.scheme() + "://HOST[:PORT]/PATH");
    boolean https = parts.scheme().equals("webhooks");
    int port = parts.port(-1);
    String path = parts.path().isEmpty() ? "/" : parts.path();
    try {
      URI endpoint = new URI(https ? "https" : "http", null, host, port, path, null, null);
      return new WebhookUrl(endpoint, secretKey, parts.quiet());
    } catch (URISyntaxException e) {
      throw new NotifierConfigException(
          UrlParts.FIELD
              + parts.scheme()
              + ":// \""
              + host
              + path
              + "\" is not a valid address ("
              + e.getReason()
              + ")");
    }
  }
}
