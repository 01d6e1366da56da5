package dev.dewy.operator.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.operator.notify.WebhookSignature;
import dev.dewy.operator.registry.GitHubReleasesUrl;
import dev.dewy.operator.registry.ImageRegistryUrl;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.registry.RegistryUrlException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry push notifications, each turned into an immediate poll of the sources it names: the CNCF
 * distribution registry's notifications (with a bearer token in their Authorization header),
 * GitHub's {@code release} webhooks (signed in {@code X-Hub-Signature-256}) and a generic JSON POST
 * (signed in {@code X-Dewy-Signature}, as the operator signs its own webhooks). A request that is
 * not authenticated is refused with 401 and polls nothing; its body is not even read as JSON.
 */
public final class PushEndpoint {
  public static final String DISTRIBUTION = "/push/distribution";
  public static final String GITHUB = "/push/github";
  public static final String GENERIC = "/push";

  /** The environment variable holding the secret; without it there is no push endpoint. */
  public static final String SECRET_ENV = "DEWY_PUSH_SECRET";

  /** Larger bodies are refused (413): a notification is a few kilobytes. */
  public static final int MAX_BODY = 1 << 20;

  static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
  static final String GITHUB_EVENT = "X-GitHub-Event";

  private static final Logger log = LoggerFactory.getLogger(PushEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a push acts on: the operator's sources, and a poll of some of them now. */
  public interface Sources {
    /** Every location polled now (spec.registry without its options). */
    Set<RegistryUrl> locations();

    /** Polls these now; returns the DewyDeployments queued, as NAMESPACE/NAME. */
    List<String> poll(Set<RegistryUrl> locations);
  }

  /** An answer: the status code and a JSON body. */
  public record Response(int status, String body) {}

  /** The request as the HTTP layer read it; header names are matched without regard to case. */
  public record Request(String method, String path, Function<String, String> header, byte[] body) {}

  private final String secretText;
  private final Sources sources;
  private final MeterRegistry meters;

  public PushEndpoint(String secret, Sources sources, MeterRegistry meters) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("the push endpoint needs a non-empty secret");
    }
    this.secretText = secret.strip();
    this.sources = sources;
    this.meters = meters;
  }

  public Response handle(Request request) {
    String source =
        switch (request.path()) {
          case DISTRIBUTION -> "distribution";
          case GITHUB -> "github";
          case GENERIC -> "generic";
          default -> null;
        };
    if (source == null) {
      return error(404, "no push endpoint at " + request.path() + " (" + paths() + ")");
    }
    if (!"POST".equals(request.method())) {
      return count(source, "invalid", error(405, "push notifications are POSTed"));
    }
    if (request.body().length > MAX_BODY) {
      return count(source, "invalid", error(413, "the body is over " + MAX_BODY + " bytes"));
    }
    if (!authenticated(source, request)) {
      log.atWarn()
          .addKeyValue("endpoint", request.path())
          .log("Refused a push notification that is not signed with the push secret");
      return count(source, "refused", error(401, refusal(source)));
    }
    Set<RegistryUrl> pushed;
    try {
      pushed =
          switch (source) {
            case "distribution" -> distribution(JSON.readTree(request.body()));
            case "github" -> github(request.header().apply(GITHUB_EVENT), request.body());
            default -> generic(JSON.readTree(request.body()));
          };
    } catch (IOException e) {
      return count(source, "invalid", error(400, "the body is not JSON: " + e.getMessage()));
    } catch (BadPush e) {
      return count(source, "invalid", error(400, e.getMessage()));
    }
    List<String> polled = pushed.isEmpty() ? List.of() : sources.poll(pushed);
    // a registry notifies every blob upload too: only pushes that poll something are news
    (polled.isEmpty() ? log.atDebug() : log.atInfo())
        .addKeyValue("endpoint", request.path())
        .addKeyValue("sources", pushed.stream().map(PushEndpoint::describe).toList())
        .addKeyValue("polled", polled)
        .log("Push notification");
    ObjectNode body = JSON.createObjectNode();
    body.putArray("polled").addAll(polled.stream().map(body::textNode).toList());
    return count(source, polled.isEmpty() ? "ignored" : "polled", new Response(200, body + "\n"));
  }

  private boolean authenticated(String source, Request request) {
    String presented;
    byte[] expected;
    if (source.equals("distribution")) {
      presented = request.header().apply("Authorization");
      expected = ("Bearer " + secretText).getBytes(StandardCharsets.UTF_8);
    } else {
      presented =
          request
              .header()
              .apply(source.equals("github") ? GITHUB_SIGNATURE : WebhookSignature.HEADER);
      expected = WebhookSignature.sign(secretText, request.body()).getBytes(StandardCharsets.UTF_8);
    }
    return presented != null
        && MessageDigest.isEqual(presented.strip().getBytes(StandardCharsets.UTF_8), expected);
  }

  private static String refusal(String source) {
    return switch (source) {
      case "distribution" ->
          "Authorization must be \"Bearer\" and the push secret: set it in the registry's"
              + " notifications endpoint headers";
      case "github" ->
          GITHUB_SIGNATURE + " does not match: set the webhook's secret to the push secret";
      default ->
          WebhookSignature.HEADER
              + " must be sha256= and the hex HMAC-SHA256 of the body with the push secret";
    };
  }

  /**
   * The image repositories of the manifest pushes with a tag. A registry's notifications carry the
   * host its pusher used, which need not be the host the operator polls (a Service name, a proxy):
   * sources on that host win, and when none is, every source of that repository is polled.
   */
  private Set<RegistryUrl> distribution(JsonNode envelope) throws BadPush {
    JsonNode events = envelope.path("events");
    if (!events.isArray()) {
      throw new BadPush("a distribution notification has an \"events\" array");
    }
    Set<RegistryUrl> pushed = new LinkedHashSet<>();
    Set<RegistryUrl> known = sources.locations();
    for (JsonNode event : events) {
      String repository = event.path("target").path("repository").asText("");
      if (!"push".equals(event.path("action").asText())
          || event.path("target").path("tag").asText("").isEmpty()
          || repository.isEmpty()) {
        continue; // blob uploads, pulls, deletes, and manifests pushed by digest only
      }
      String host = event.path("request").path("host").asText("");
      Set<RegistryUrl> sameRepository =
          known.stream()
              .filter(l -> l instanceof ImageRegistryUrl i && i.repository().equals(repository))
              .collect(Collectors.toCollection(LinkedHashSet::new));
      Set<RegistryUrl> sameHost =
          sameRepository.stream()
              .filter(l -> ((ImageRegistryUrl) l).host().equalsIgnoreCase(host))
              .collect(Collectors.toCollection(LinkedHashSet::new));
      pushed.addAll(sameHost.isEmpty() ? sameRepository : sameHost);
    }
    return pushed;
  }

  /** A {@code release} event polls the ghr:// sources of its repository; a ping polls nothing. */
  private Set<RegistryUrl> github(String event, byte[] body) throws IOException, BadPush {
    if (event == null) {
      throw new BadPush(GITHUB_EVENT + " is missing: is this a GitHub webhook?");
    }
    if (!event.equals("release")) {
      return Set.of(); // ping, and events the webhook should not have been subscribed to
    }
    String fullName = JSON.readTree(body).path("repository").path("full_name").asText("");
    if (!fullName.contains("/")) {
      throw new BadPush("a release event names its repository.full_name");
    }
    String wanted = fullName.toLowerCase(Locale.ROOT);
    return sources.locations().stream()
        .filter(
            l ->
                l instanceof GitHubReleasesUrl g
                    && (g.owner() + "/" + g.repo()).toLowerCase(Locale.ROOT).equals(wanted))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** {@code {"registry": "img://HOST/REPO"}}: that location, whatever its options. */
  private Set<RegistryUrl> generic(JsonNode body) throws BadPush {
    String url = body.path("registry").asText("");
    if (url.isEmpty()) {
      throw new BadPush(
          "the body is {\"registry\": URL}, with URL as in spec.registry, e.g."
              + " img://registry.example.com/shop/web");
    }
    RegistryUrl location;
    try {
      location = RegistryUrl.parse(url).location();
    } catch (RegistryUrlException e) {
      throw new BadPush("registry: " + e.getMessage());
    }
    return sources.locations().contains(location) ? Set.of(location) : Set.of();
  }

  /** A location as spec.registry writes it, for logs. */
  private static String describe(RegistryUrl location) {
    if (location instanceof ImageRegistryUrl image) {
      return "img://" + image.imageName();
    }
    if (location instanceof GitHubReleasesUrl github) {
      return "ghr://" + github.owner() + "/" + github.repo();
    }
    return location.scheme() + "://" + location;
  }

  private Response count(String source, String result, Response response) {
    Counter.builder("dewy.push.requests")
        .description("Push notifications received, by endpoint and what came of them")
        .tag("source", source)
        .tag("result", result)
        .register(meters)
        .increment();
    return response;
  }

  private static Response error(int status, String message) {
    ObjectNode body = JSON.createObjectNode().put("error", message);
    return new Response(status, body + "\n");
  }

  private static String paths() {
    return String.join(", ", DISTRIBUTION, GITHUB, GENERIC);
  }

  /** A body that is JSON but not a notification of the endpoint's kind. */
  private static final class BadPush extends Exception {
    BadPush(String message) {
      super(message);
    }
  }
}
