package dev.dewy.operator.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.registry.RegistryException.Kind;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * img://: lists an OCI distribution registry's tags ({@code GET /v2/REPO/tags/list}), page by page
 * along {@code Link: <...>; rel="next"}, and resolves a tag to its manifest digest ({@code HEAD
 * /v2/REPO/manifests/TAG}), answering Bearer and Basic challenges.
 */
public final class ImageRegistry implements Registry {
  /** Page size asked for; registries may send fewer and link to the rest. */
  static final int DEFAULT_PAGE_SIZE = 100;

  /**
   * What a manifest request accepts, index types first: a multi-arch tag then resolves to the
   * digest of its index, the one every platform's pull starts from, and not to one platform's.
   */
  static final String MANIFEST_TYPES =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+([+._-][a-z0-9]+)*:[a-f0-9]{32,}");
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

  /**
   * HEAD, which Docker Hub does not count as a pull; its {@code Docker-Content-Digest} header is
   * the answer. A registry that sends none is asked with GET, and the digest is the SHA-256 of the
   * manifest it sends, as the distribution spec defines it.
   */
  @Override
  public Optional<String> digest(String tag) throws RegistryException {
    URI manifest =
        URI.create("%s/v2/%s/manifests/%s".formatted(url.baseUrl(), url.repository(), tag));
    HttpResponse<String> head = authorizer.send("HEAD", manifest, MANIFEST_TYPES);
    checkManifestAnswer(head, tag);
    Optional<String> digest = head.headers().firstValue("Docker-Content-Digest");
    if (digest.isEmpty()) {
      HttpResponse<String> get = authorizer.send("GET", manifest, MANIFEST_TYPES);
      checkManifestAnswer(get, tag);
      digest =
          Optional.of(
              get.headers()
                  .firstValue("Docker-Content-Digest")
                  .orElseGet(() -> sha256(get.body().getBytes(StandardCharsets.UTF_8))));
    }
    String value = digest.get().trim();
    if (!DIGEST.matcher(value).matches()) {
      throw protocol(
          "the registry named the digest of %s \"%s\", which is not algorithm:hex",
          tag, RegistryFailures.excerpt(value));
    }
    return Optional.of(value);
  }

  private void checkManifestAnswer(HttpResponse<String> response, String tag)
      throws RegistryException {
    if (response.statusCode() == 404) {
      throw new RegistryException(
          Kind.NOT_FOUND,
          ("%s: no manifest for tag %s (404) — the tag was listed but is gone (deleted since?);"
                  + " the next poll looks again")
              .formatted(url.imageName(), tag));
    }
    if (response.statusCode() != 200) {
      throw RegistryFailures.of(response, url, authorizer.sendsCredentials(), clock.instant());
    }
  }

  private static String sha256(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
