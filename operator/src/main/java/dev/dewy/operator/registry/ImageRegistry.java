package dev.dewy.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.registry.RegistryException.Kind;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * img://: lists an OCI distribution registry's tags ({@code GET /v2/REPO/tags/list}), page by page
 * along {@code Link: <...>; rel="next"}, answering Bearer and Basic challenges.
 */
public final class ImageRegistry implements Registry {
  /** Page size asked for; registries may send fewer and link to the rest. */
  static final int DEFAULT_PAGE_SIZE = 100;

  private static final int MAX_PAGES = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImageRegistryUrl url;
  private final ChallengeAuthorizer authorizer;
  private final Clock clock;
  private final int pageSize;

  ImageRegistry(
      ImageRegistryUrl url,
      Optional<RegistryCredentials> credentials,
      RegistryHttp http,
      Clock clock,
      int pageSize) {
    this.url = url;
    this.authorizer =
        new ChallengeAuthorizer(url, credentials, http, new BearerTokens(http, clock));
    this.clock = clock;
    this.pageSize = pageSize;
  }

  @Override
  public List<String> tags() throws RegistryException {
    URI page =
        URI.create("%s/v2/%s/tags/list?n=%d".formatted(url.baseUrl(), url.repository(), pageSize));
    Set<String> tags = new LinkedHashSet<>();
    Set<URI> visited = new LinkedHashSet<>();
    while (page != null) {
      if (!visited.add(page) || visited.size() > MAX_PAGES) {
        throw protocol(
            "pagination does not end (page %s again or after %d pages)", page, MAX_PAGES);
      }
      HttpResponse<String> response = authorizer.get(page);
      if (response.statusCode() != 200) {
        throw RegistryFailures.of(response, url, authorizer.sendsCredentials(), clock.instant());
      }
      tags.addAll(validTags(response.body()));
      page = nextPage(response, page);
    }
    return List.copyOf(tags);
  }

  private URI nextPage(HttpResponse<String> response, URI page) throws RegistryException {
    Optional<URI> next = LinkHeader.next(response.headers().allValues("Link"), page);
    if (next.isPresent() && !RegistryHttp.origin(next.get()).equals(RegistryHttp.origin(page))) {
      throw protocol("the next-page link leads to another server (%s)", next.get());
    }
    return next.orElse(null);
  }

  private List<String> validTags(String body) throws RegistryException {
    JsonNode tags;
    try {
      tags = JSON.readTree(body).path("tags");
    } catch (Exception e) {
      throw protocol("the tags list is not JSON (%s)", RegistryFailures.excerpt(body));
    }
    List<String> valid = new ArrayList<>();
    for (JsonNode tag : tags) {
      if (tag.isTextual() && OciTag.isValid(tag.asText())) {
        valid.add(tag.asText());
      }
    }
    return valid;
  }

  private RegistryException protocol(String what, Object... details) {
    return new RegistryException(Kind.PROTOCOL, url.imageName() + ": " + what.formatted(details));
  }
}
