package dev.dewy.operator.testing;

import dev.dewy.operator.demo.OciImagePusher;
import dev.dewy.operator.demo.RegistryProcess;
import dev.dewy.operator.demo.TinyImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (CNCF distribution) serving a
 * temp dir on 127.0.0.1, optionally behind htpasswd basic auth, with a {@link CountingProxy} in
 * front so tests can count the requests that reached it. Clients use {@link #hostPort()}; pushes go
 * to the registry directly and are not counted.
 *
 * <p>Use as {@code @RegisterExtension static final LocalOciRegistry registry =
 * LocalOciRegistry.anonymous();} or with try-with-resources after {@link #start()}. Needs the
 * binaries {@code docker-registry} and, for basic auth, {@code htpasswd} (apache2-utils); fails,
 * never skips, when they are missing.
 */
public final class LocalOciRegistry implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private enum Auth {
    NONE,
    BASIC,
    TOKEN
  }

  static final String TOKEN_SERVICE = "dewy-test-registry";

  private final Auth auth;
  private final String username;
  private final String password;
  private Path dir;
  private TokenIssuer issuer;
  private LocalTokenServer tokenServer;
  private RegistryProcess process;
  private CountingProxy proxy;
  private OciImagePusher pusher;
  private String notifications = "";

  private LocalOciRegistry(Auth auth, String username, String password) {
    this.auth = auth;
    this.username = username;
    this.password = password;
  }

  /**
   * An anonymous registry that sends its notifications (the distribution registry's own feature) to
   * {@code url}, with {@code authorization} as their Authorization header, at once: no batching, a
   * 1 s back-off after a refusal.
   */
  public static LocalOciRegistry notifying(String url, String authorization) {
    LocalOciRegistry registry = anonymous();
    registry.notifications =
        """
        notifications:
          endpoints:
            - name: dewy-operator
              url: %s
              headers:
                Authorization: ["%s"]
              timeout: 5s
              threshold: 1
              backoff: 1s
        """
            .formatted(url, authorization);
    return registry;
  }

  /** A registry anyone may pull from and push to. */
  public static LocalOciRegistry anonymous() {
    return new LocalOciRegistry(Auth.NONE, "", "");
  }

  /** A registry that answers 401 with {@code WWW-Authenticate: Basic} unless given these. */
  public static LocalOciRegistry withBasicAuth(String username, String password) {
    return new LocalOciRegistry(Auth.BASIC, username, password);
  }

  /**
   * A registry that answers 401 with {@code WWW-Authenticate: Bearer realm=...}, trusting only JWTs
   * from a local token service that hands them out for these credentials.
   */
  public static LocalOciRegistry withTokenAuth(String username, String password) {
    return new LocalOciRegistry(Auth.TOKEN, username, password);
  }

  /** Starts the registry and its counting front; does nothing if already started. */
  public synchronized LocalOciRegistry start() {
    if (process != null) {
      return this;
    }
    try {
      dir = Files.createTempDirectory("dewy-oci-registry");
      process = RegistryProcess.start(dir, authConfig() + notifications);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    proxy = CountingProxy.start(process.address());
    pusher = new OciImagePusher(process.address(), this::pushAuthorization);
    return this;
  }

  /** How many token requests the token service answered (token auth only). */
  public int tokenRequests() {
    return tokenServer == null ? 0 : tokenServer.requests();
  }

  /** 127.0.0.1:PORT of the counting front; what img:// URLs and image names should use. */
  public String hostPort() {
    return proxy.hostPort();
  }

  /**
   * 127.0.0.1:PORT of the registry itself, not counted: for clients such as Jib that try TLS first
   * and move to plain HTTP only when the server answers the handshake with an error, which the
   * front does not.
   */
  public String directHostPort() {
    return process.address().getAuthority();
  }

  /** {@code img://127.0.0.1:PORT/REPO}, the spec.registry value for {@code repository}. */
  public String registryUrl(String repository) {
    return "img://" + hostPort() + "/" + repository;
  }

  /** {@code 127.0.0.1:PORT/REPO:TAG}, as it appears in a container's image field. */
  public String imageReference(String repository, String tag) {
    return hostPort() + "/" + repository + ":" + tag;
  }

  /** Pushes a tiny image as {@code repository:tag}; returns its manifest digest. */
  public String pushImage(String repository, String tag) {
    return pusher.push(repository, tag);
  }

  /**
   * {@code 127.0.0.1:PORT/REPO:TAG@DIGEST}, with the digest the registry names for the tag now: the
   * image dewy-operator deploys for that tag.
   */
  public String pinnedReference(String repository, String tag) {
    return imageReference(repository, tag) + "@" + digest(repository, tag);
  }

  /** The manifest digest the registry names for {@code repository:tag} now (HEAD, not counted). */
  public String digest(String repository, String tag) {
    return pusher.digest(repository, tag);
  }

  /**
   * Pushes {@code repository:tag} again with other content (build {@code variant}); returns the new
   * digest.
   */
  public String repushImage(String repository, String tag, String variant) {
    return pusher.push(repository, tag, TinyImage.of(tag, variant, "amd64"));
  }

  /** Pushes {@code repository:tag} as a linux/amd64 + linux/arm64 index; returns its digest. */
  public String pushMultiArchImage(String repository, String tag) {
    return pusher.pushIndex(repository, tag, "amd64", "arm64");
  }

  /** How many HEAD requests for {@code repository:tag}'s manifest reached the registry. */
  public long manifestHeadRequests(String repository, String tag) {
    return proxy.count("HEAD", "/v2/" + repository + "/manifests/" + tag);
  }

  /** Pushes one tiny image per tag. */
  public void pushImages(String repository, String... tags) {
    for (String tag : tags) {
      pushImage(repository, tag);
    }
  }

  /** Deletes the image behind {@code repository:tag}, so the tag is no longer listed. */
  public void deleteImage(String repository, String tag) {
    pusher.delete(repository, tag);
  }

  /** The requests that reached the registry through the front, oldest first. */
  public List<CountingProxy.Request> requests() {
    return proxy.requests();
  }

  /** How many tags-list requests for {@code repository} reached the registry. */
  public long tagListRequests(String repository) {
    return proxy.count("GET", "/v2/" + repository + "/tags/list");
  }

  public void resetRequests() {
    proxy.reset();
  }

  public Path logFile() {
    return RegistryProcess.logFile(dir);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public synchronized void close() {
    if (proxy != null) {
      proxy.close();
      proxy = null;
    }
    if (tokenServer != null) {
      tokenServer.close();
      tokenServer = null;
    }
    if (process != null) {
      process.close();
      process = null;
    }
    if (dir != null) {
      deleteRecursively(dir);
      dir = null;
    }
  }

  private String authConfig() throws IOException {
    switch (auth) {
      case BASIC:
        return "auth:\n  htpasswd:\n    realm: dewy-test\n    path: %s\n"
            .formatted(writeHtpasswd());
      case TOKEN:
        issuer = TokenIssuer.create(dir, TOKEN_SERVICE);
        tokenServer = new LocalTokenServer(issuer, username, password);
        return ("auth:\n  token:\n    realm: %s\n    service: %s\n    issuer: %s\n"
                + "    rootcertbundle: %s\n")
            .formatted(
                tokenServer.realm(),
                TOKEN_SERVICE,
                TokenIssuer.ISSUER,
                issuer.writeCertificate(dir.resolve("token-signing.pem")));
      default:
        return "";
    }
  }

  private Optional<String> pushAuthorization(String repository) {
    switch (auth) {
      case BASIC:
        return Optional.of(basic(username, password));
      case TOKEN:
        return Optional.of(
            "Bearer "
                + issuer.mint("fixture", repository, Instant.now(), "pull", "push", "delete"));
      default:
        return Optional.empty();
    }
  }

  private Path writeHtpasswd() throws IOException {
    String htpasswd = RegistryProcess.requireOnPath("htpasswd", "apache2-utils");
    Process run =
        new ProcessBuilder(htpasswd, "-Bbn", username, password).redirectErrorStream(true).start();
    String line = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (RegistryProcess.waitFor(run) != 0 || !line.startsWith(username + ":$2")) {
      throw new IllegalStateException("htpasswd -Bbn failed: " + line);
    }
    return Files.writeString(dir.resolve("htpasswd"), line + "\n");
  }

  private static String basic(String username, String password) {
    String pair = username + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
