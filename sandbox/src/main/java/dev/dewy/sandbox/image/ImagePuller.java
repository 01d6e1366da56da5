package dev.dewy.sandbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls images through the OCI distribution API: the manifest (an index or manifest list resolved
 * to its linux/amd64 entry), the config and the layers, each blob verified against its digest and
 * kept in a cache by digest, so a restart or a second pod pulls nothing again. Anonymous, or with
 * credentials answering a Basic or Bearer challenge.
 */
public final class ImagePuller {

  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String ACCEPT =
      String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path cache;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** Keeps blobs under {@code cache}/sha256/HEX. */
  public ImagePuller(Path cache) {
    this.cache = cache;
  }

  public PulledImage pull(ImageReference image, Optional<RegistryCredentials> credentials)
      throws ImagePullException {
    Session session = new Session(image, credentials);
    JsonNode manifest = session.manifest(image.reference());
    String digest = session.lastDigest;
    String type = manifest.path("mediaType").asText("");
    if (type.equals(OCI_INDEX) || type.equals(DOCKER_LIST) || manifest.has("manifests")) {
      String platform = platformManifest(manifest, image);
      manifest = session.manifest(platform);
      digest = platform;
    }
    if (!manifest.has("config") || !manifest.has("layers")) {
      throw new ImagePullException(
          "the manifest of " + image + " has no config or layers (schema 1 is not supported)");
    }
    Path config = session.blob(manifest.get("config"));
    ImageConfig imageConfig;
    try {
      imageConfig = ImageConfig.of(JSON.readTree(config.toFile()));
    } catch (IOException e) {
      throw new ImagePullException("the config of " + image + " is not JSON: " + e.getMessage());
    }
    List<PulledImage.Layer> layers = new ArrayList<>();
    for (JsonNode layer : manifest.get("layers")) {
      layers.add(new PulledImage.Layer(session.blob(layer), layer.path("mediaType").asText("")));
    }
    return new PulledImage(image, digest, imageConfig, List.copyOf(layers));
  }

  private static String platformManifest(JsonNode index, ImageReference image)
      throws ImagePullException {
    for (JsonNode entry : index.path("manifests")) {
      JsonNode platform = entry.path("platform");
      if ("linux".equals(platform.path("os").asText())
          && "amd64".equals(platform.path("architecture").asText())) {
        return entry.path("digest").asText();
      }
    }
    throw new ImagePullException("no linux/amd64 image in the index of " + image);
  }

  /** One pull: the authorization a challenge led to is kept for the following requests. */
  private final class Session {
    private final ImageReference image;
    private final Optional<RegistryCredentials> credentials;
    private Optional<String> authorization = Optional.empty();
    private String lastDigest;

    Session(ImageReference image, Optional<RegistryCredentials> credentials) {
      this.image = image;
      this.credentials = credentials;
    }

    JsonNode manifest(String reference) throws ImagePullException {
      HttpResponse<byte[]> response =
          send("/manifests/" + reference, ACCEPT, HttpResponse.BodyHandlers.ofByteArray());
      byte[] body = response.body();
      lastDigest = sha256(body);
      if (reference.startsWith("sha256:") && !reference.equals(lastDigest)) {
        throw new ImagePullException(
            "the manifest " + reference + " of " + image + " does not match its digest");
      }
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new ImagePullException("the manifest of " + image + " is not JSON");
      }
    }

    /** The blob in the cache, downloaded and verified first if it is not there yet. */
    Path blob(JsonNode descriptor) throws ImagePullException {
      String digest = descriptor.path("digest").asText();
      if (!DIGEST.matcher(digest).matches()) {
        throw new ImagePullException(
            "a blob of " + image + " has the digest \"" + digest + "\" (expected sha256:HEX)");
      }
      Path target = cache.resolve("sha256").resolve(digest.substring("sha256:".length()));
      if (Files.isRegularFile(target)) {
        return target;
      }
      HttpResponse<InputStream> response =
          send("/blobs/" + digest, "*/*", HttpResponse.BodyHandlers.ofInputStream());
      try {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "download-", ".part");
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(response.body(), sha)) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = "sha256:" + HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(digest)) {
          Files.delete(partial);
          throw new ImagePullException(
              "the blob " + digest + " of " + image + " arrived as " + actual);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
      } catch (IOException e) {
        throw new ImagePullException(
            "cannot store the blob " + digest + " of " + image + ": " + e.getMessage(), e);
      }
    }

    private <T> HttpResponse<T> send(
        String path, String accept, HttpResponse.BodyHandler<T> handler) throws ImagePullException {
      URI uri = URI.create(image.baseUrl() + "/v2/" + image.repository() + path);
      try {
        HttpResponse<T> response = http.send(request(uri, accept), handler);
        if (response.statusCode() == 401 && authorization.isEmpty()) {
          authorization = answer(response.headers().firstValue("WWW-Authenticate").orElse(""));
          if (authorization.isPresent()) {
            close(response);
            response = http.send(request(uri, accept), handler);
          }
        }
        if (response.statusCode() != 200) {
          close(response);
          throw new ImagePullException(
              "GET " + uri + " answered " + response.statusCode() + statusHint(response));
        }
        return response;
      } catch (IOException e) {
        throw new ImagePullException("cannot reach " + uri + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImagePullException("interrupted while pulling " + image, e);
      }
    }

    private HttpRequest request(URI uri, String accept) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).header("Accept", accept);
      authorization.ifPresent(value -> request.header("Authorization", value));
      return request.build();
    }

    /** The Authorization header that answers a challenge, if the pod's credentials can. */
    private Optional<String> answer(String challenge)
        throws IOException, InterruptedException, ImagePullException {
      if (challenge.regionMatches(true, 0, "Basic", 0, 5)) {
        return credentials.map(ImagePuller::basic);
      }
      if (!challenge.regionMatches(true, 0, "Bearer", 0, 6)) {
        return Optional.empty();
      }
      Map<String, String> params = new java.util.HashMap<>();
      Matcher m = CHALLENGE_PARAM.matcher(challenge);
      while (m.find()) {
        params.put(m.group(1), m.group(2));
      }
      String realm = params.get("realm");
      if (realm == null) {
        return Optional.empty();
      }
      String query =
          "scope="
              + URLEncoder.encode(
                  params.getOrDefault("scope", "repository:" + image.repository() + ":pull"),
                  StandardCharsets.UTF_8)
              + (params.containsKey("service")
                  ? "&service=" + URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)
                  : "");
      HttpRequest.Builder token =
          HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
              .timeout(Duration.ofSeconds(30));
      credentials.ifPresent(c -> token.header("Authorization", basic(c)));
      HttpResponse<byte[]> response =
          http.send(token.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new ImagePullException(
            "the token service " + realm + " answered " + response.statusCode());
      }
      JsonNode body = JSON.readTree(response.body());
      String value = body.path("token").asText(body.path("access_token").asText(""));
      return value.isEmpty() ? Optional.empty() : Optional.of("Bearer " + value);
    }
  }

  private static String statusHint(HttpResponse<?> response) {
    return switch (response.statusCode()) {
      case 401, 403 -> " (not authorized: give the pod imagePullSecrets for this registry)";
      case 404 -> " (no such image or tag)";
      default -> "";
    };
  }

  private static void close(HttpResponse<?> response) {
    if (response.body() instanceof InputStream in) {
      try {
        in.close();
      } catch (IOException e) {
        // the connection is dropped either way
      }
    }
  }

  private static String basic(RegistryCredentials credentials) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (credentials.username() + ":" + credentials.password())
                    .getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] content) {
    return "sha256:" + HexFormat.of().formatHex(sha256().digest(content));
  }
}
