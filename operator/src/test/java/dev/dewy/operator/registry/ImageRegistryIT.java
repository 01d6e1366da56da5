package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.registry.RegistryException.Kind;
import dev.dewy.operator.testing.LocalOciRegistry;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** img:// against Debian's docker-registry (CNCF distribution 2.8), the real thing. */
class ImageRegistryIT {
  private static final RegistryHttp HTTP =
      new RegistryHttp(Duration.ofSeconds(5), Duration.ofSeconds(30));

  @Nested
  class Anonymous {
    @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

    @Test
    void listsTheTagsPushedToTheRepository() throws Exception {
      // given
      registry.pushImages("shop/myapp", "v1.0.0", "v1.1.0", "v1.2.0-rc.1");

      // when
      List<String> tags = open("shop/myapp", Optional.empty(), 100).tags();

      // then
      assertThat(tags).containsExactlyInAnyOrder("v1.0.0", "v1.1.0", "v1.2.0-rc.1");
    }

    @Test
    void listsEveryTagWhenAskedForPagesOfTwo() throws Exception {
      // given five tags; distribution 2.8 ignores n= on tags/list and sends one page, so the
      // Link-following itself is exercised against ImageRegistryProtocolTest's server
      registry.pushImages("paged", "v1", "v2", "v3", "v4", "v5");
      registry.resetRequests();

      // when
      List<String> tags = open("paged", Optional.empty(), 2).tags();

      // then
      assertThat(tags).containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "v5");
      assertThat(registry.requests())
          .extracting(Object::toString)
          .allMatch(request -> request.startsWith("GET /v2/paged/tags/list?n=2"));
    }

    @Test
    void aDeletedImageIsNoLongerListed() throws Exception {
      // given
      registry.pushImages("shrinking", "v1", "v2");

      // when
      registry.deleteImage("shrinking", "v2");

      // then
      assertThat(open("shrinking", Optional.empty(), 100).tags()).containsExactly("v1");
    }

    @Test
    void unknownRepositoryIsNotFoundWithTheRepositoryNamed() {
      assertThatThrownBy(() -> open("shop/nothing-here", Optional.empty(), 100).tags())
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
          .hasMessage(
              registry.hostPort()
                  + "/shop/nothing-here: 404 repository not found (NAME_UNKNOWN) — check the"
                  + " repository in spec.registry or, if it is private, set"
                  + " spec.credentialsSecret");
    }
  }

  @Nested
  class BasicAuth {
    @RegisterExtension
    static final LocalOciRegistry registry = LocalOciRegistry.withBasicAuth("dewy", "s3cret");

    @Test
    void withoutCredentialsTheUserIsToldToSetACredentialsSecret() {
      // given
      registry.pushImage("private/app", "v1.0.0");

      // then
      assertThatThrownBy(() -> open(registry, "private/app", Optional.empty(), 100).tags())
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
          .hasMessage(
              ("%1$s/private/app: 401 Unauthorized — set spec.credentialsSecret to a"
                      + " kubernetes.io/dockerconfigjson Secret with credentials for %1$s")
                  .formatted(registry.hostPort()));
    }

    @Test
    void withWrongCredentialsTheUserIsToldToCheckTheSecret() {
      registry.pushImage("private/app", "v1.0.0");

      assertThatThrownBy(
              () -> open(registry, "private/app", credentials("dewy", "wrong"), 100).tags())
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
          .hasMessage(
              ("%1$s/private/app: 401 Unauthorized with the credentials for %1$s from"
                      + " spec.credentialsSecret — check the username and password (or token) in"
                      + " that Secret")
                  .formatted(registry.hostPort()));
    }

    @Test
    void withCredentialsFromADockerConfigTheTagsAreListedAndLaterPollsAreNotChallenged()
        throws Exception {
      // given
      registry.pushImages("private/app", "v1.0.0", "v2.0.0");
      String dockerConfig =
          "{\"auths\":{\"http://%s\":{\"username\":\"dewy\",\"password\":\"s3cret\"}}}"
              .formatted(registry.hostPort());
      Registry client =
          open(
              registry,
              "private/app",
              DockerConfigJson.credentialsFor(registry.hostPort(), dockerConfig),
              100);

      // when
      List<String> first = client.tags();
      registry.resetRequests();
      List<String> second = client.tags();

      // then
      assertThat(first).containsExactlyInAnyOrder("v1.0.0", "v2.0.0");
      assertThat(second).isEqualTo(first);
      assertThat(registry.requests()).extracting(r -> r.status()).containsExactly(200);
    }
  }

  @Nested
  class TokenAuth {
    @RegisterExtension
    static final LocalOciRegistry registry = LocalOciRegistry.withTokenAuth("dewy", "t0ken");

    @Test
    void bearerChallengeIsAnsweredWithATokenTheRealRegistryAcceptsAndTheTokenIsReused()
        throws Exception {
      // given
      registry.pushImages("shop/app", "v1.0.0", "v1.1.0");
      Registry client = open(registry, "shop/app", credentials("dewy", "t0ken"), 100);

      // when
      List<String> first = client.tags();
      int tokensAfterFirst = registry.tokenRequests();
      registry.resetRequests();
      List<String> second = client.tags();

      // then
      assertThat(first).containsExactlyInAnyOrder("v1.0.0", "v1.1.0");
      assertThat(second).isEqualTo(first);
      assertThat(tokensAfterFirst).isEqualTo(1);
      assertThat(registry.tokenRequests()).isEqualTo(1);
      assertThat(registry.requests()).extracting(r -> r.status()).containsExactly(200);
    }

    @Test
    void tokenServiceRefusingAnonymousAccessTellsTheUserToSetCredentials() {
      registry.pushImage("shop/app", "v1.0.0");

      assertThatThrownBy(() -> open(registry, "shop/app", Optional.empty(), 100).tags())
          .isInstanceOfSatisfying(
              RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
          .hasMessage(
              ("%1$s/shop/app: 401 Unauthorized — set spec.credentialsSecret to a"
                      + " kubernetes.io/dockerconfigjson Secret with credentials for %1$s")
                  .formatted(registry.hostPort()));
    }
  }

  @Test
  void closedPortIsUnreachableWithTheAddressNamed() throws Exception {
    // given a port nobody listens on
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ImageRegistryUrl url = (ImageRegistryUrl) RegistryUrl.parse("img://127.0.0.1:" + port + "/app");

    // then
    assertThatThrownBy(
            () -> new ImageRegistry(url, Optional.empty(), HTTP, Clock.systemUTC(), 100).tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
        .hasMessage(
            ("127.0.0.1:%1$d/app: cannot connect to http://127.0.0.1:%1$d (connection refused) —"
                    + " check the host and port in spec.registry and that the operator can reach"
                    + " it")
                .formatted(port));
  }

  @Test
  void unknownHostIsUnreachableWithTheHostNamed() {
    ImageRegistryUrl url = (ImageRegistryUrl) RegistryUrl.parse("img://registry.invalid/app");

    assertThatThrownBy(
            () -> new ImageRegistry(url, Optional.empty(), HTTP, Clock.systemUTC(), 100).tags())
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
        .hasMessage(
            "registry.invalid/app: cannot connect to https://registry.invalid (unknown host) —"
                + " check the host and port in spec.registry and that the operator can reach it");
  }

  static Optional<RegistryCredentials> credentials(String username, String password) {
    return Optional.of(new RegistryCredentials(username, password));
  }

  private static Registry open(
      String repository, Optional<RegistryCredentials> credentials, int pageSize) {
    return open(Anonymous.registry, repository, credentials, pageSize);
  }

  private static Registry open(
      LocalOciRegistry registry,
      String repository,
      Optional<RegistryCredentials> credentials,
      int pageSize) {
    ImageRegistryUrl url = (ImageRegistryUrl) RegistryUrl.parse(registry.registryUrl(repository));
    return new ImageRegistry(url, credentials, HTTP, Clock.systemUTC(), pageSize);
  }
}
