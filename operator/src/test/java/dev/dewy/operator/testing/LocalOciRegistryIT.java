package dev.dewy.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.demo.RegistryProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The fixture other tests build on: it must start, push, count and clean up for real. */
class LocalOciRegistryIT {

  @Test
  void pushedImageIsServedThroughTheCountingFrontAndTheRegistryIsGoneAfterClose() throws Exception {
    Path dataDir;
    try (LocalOciRegistry registry = LocalOciRegistry.anonymous().start()) {
      // when
      String digest = registry.pushImage("shop/app", "v1.0.0");
      HttpResponse<String> manifest =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://" + registry.hostPort() + "/v2/shop/app/manifests/v1.0.0"))
                      .header("Accept", "application/vnd.oci.image.manifest.v1+json")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      dataDir = registry.logFile().getParent();

      // then
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat(manifest.headers().firstValue("Docker-Content-Digest")).contains(digest);
      assertThat(registry.requests())
          .extracting(Object::toString)
          .containsExactly("GET /v2/shop/app/manifests/v1.0.0 -> 200");
      assertThat(registry.imageReference("shop/app", "v1.0.0"))
          .isEqualTo(registry.hostPort() + "/shop/app:v1.0.0");
      assertThat(registry.registryUrl("shop/app"))
          .isEqualTo("img://" + registry.hostPort() + "/shop/app");
      assertThat(Files.readString(registry.logFile())).contains("listening on 127.0.0.1:");
    }
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void everyTagGetsItsOwnDigest() {
    try (LocalOciRegistry registry = LocalOciRegistry.anonymous().start()) {
      assertThat(registry.pushImage("app", "v1")).isNotEqualTo(registry.pushImage("app", "v2"));
    }
  }

  @Test
  void tokenAuthRegistryAcceptsTheIssuersTokensOnlyAndChallengesWithItsRealm() throws Exception {
    try (LocalOciRegistry registry = LocalOciRegistry.withTokenAuth("dewy", "pw").start()) {
      registry.pushImage("app", "v1");
      URI tags = URI.create("http://" + registry.hostPort() + "/v2/app/tags/list");
      HttpClient client = HttpClient.newHttpClient();

      HttpResponse<String> forged =
          client.send(
              HttpRequest.newBuilder(tags).header("Authorization", "Bearer e30.e30.c2ln").build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(forged.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer realm=\"http://127.0.0.1:")
          .contains("service=\"dewy-test-registry\"", "scope=\"repository:app:pull\"");
    }
  }

  @Test
  void aMissingBinaryFailsWithThePackageToInstall() {
    assertThatThrownBy(
            () ->
                RegistryProcess.requireOnPath("docker-registry", "docker-registry", "/nonexistent"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "docker-registry is not on PATH: install Debian's docker-registry package"
                + " (apt-get install -y docker-registry); CI must too");
  }
}
