package dev.dewy.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stand-in registry answers the read endpoints as the real docker-registry does, given the same
 * published images: same status, same digests, same tag lists.
 */
class StandInRegistryIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static DemoRegistry real;
  private static DemoRegistry standIn;

  @BeforeAll
  static void publishTheSameImagesToBoth() {
    real = DistributionRegistry.start();
    standIn = StandInRegistry.start();
    for (DemoRegistry registry : List.of(real, standIn)) {
      for (String tag : List.of("v1.1.0", "latest", "v1.0.0", "v1.2.0-rc.1")) {
        registry.publish("demo/hello", tag);
      }
    }
  }

  @AfterAll
  static void stop() {
    real.close();
    standIn.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /v2/",
        "GET /v2/demo/hello/tags/list",
        "GET /v2/demo/hello/tags/list?n=100",
        "HEAD /v2/demo/hello/manifests/v1.1.0",
        "GET /v2/demo/hello/manifests/v1.0.0",
        "GET /v2/demo/hello/manifests/v9.9.9",
        "GET /v2/demo/other/tags/list",
      })
  void standInAnswersAsDockerRegistryDoes(String request) throws Exception {
    // given: both registries hold the same images; when: the same request goes to each
    Answer expected = send(real, request);
    Answer actual = send(standIn, request);

    // then: the operator's client could not tell them apart
    assertThat(actual).isEqualTo(expected);
  }

  private record Answer(int status, String digest, String contentType, String bodyOrErrorCode) {}

  private static Answer send(DemoRegistry registry, String request) throws Exception {
    String[] parts = request.split(" ");
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + registry.hostPort() + parts[1]))
                .header("Accept", TinyImage.MANIFEST_TYPE)
                .method(parts[0], HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String body = response.body().strip();
    String bodyOrErrorCode =
        response.statusCode() >= 400 ? body.replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1") : body;
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Docker-Content-Digest").orElse(""),
        response.headers().firstValue("Content-Type").orElse("").replace("; charset=utf-8", ""),
        bodyOrErrorCode);
  }
}
