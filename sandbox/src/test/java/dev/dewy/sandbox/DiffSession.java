package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One backend's run of a {@link DifferentialIT} scenario: kubectl, raw HTTP and reads of stored
 * objects, each recorded under a name as an observation, so that the two backends' runs can be
 * normalised and compared. A scenario works in {@link #namespace()}, a fresh one on either backend.
 */
final class DiffSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private final TestCluster cluster;
  private final String namespace;
  private final Kubectl kubectl;
  private final Path dir;
  private final Map<String, JsonNode> observations = new LinkedHashMap<>();
  private final List<String> crds = new ArrayList<>();

  DiffSession(TestCluster cluster, Path dir) {
    this.cluster = cluster;
    this.dir = dir;
    if (cluster.backend() == Backend.SANDBOX) {
      // the same kind of name as the control plane's, so that both normalise alike
      namespace = TestNames.unique("differential");
      cluster
          .client()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    } else {
      namespace = cluster.namespace();
    }
    kubectl = new Kubectl(cluster.kubeconfig(), cluster.kubectl().binary()).inNamespace(namespace);
  }

  Backend backend() {
    return cluster.backend();
  }

  String namespace() {
    return namespace;
  }

  KubernetesClient client() {
    return cluster.client();
  }

  Map<String, JsonNode> observations() {
    return observations;
  }

  /** Records any value under a name. */
  void record(String name, JsonNode value) {
    observations.put(name, value);
  }

  void record(String name, String value) {
    observations.put(name, JsonNodeFactory.instance.textNode(value));
  }

  /** Runs kubectl in the namespace and records exit code, stdout and stderr. */
  Kubectl.Result kubectl(String name, String... args) {
    Kubectl.Result result = kubectl.run(PATIENCE, args);
    ObjectNode observed = JsonNodeFactory.instance.objectNode();
    observed.put("exit", result.exitCode());
    observed.put("stdout", result.stdout());
    observed.put("stderr", result.stderr());
    observations.put(name, observed);
    return result;
  }

  /** Runs kubectl without recording what it says, and asserts it succeeds. */
  Kubectl.Result kubectlOk(String... args) {
    Kubectl.Result result = kubectl.run(PATIENCE, args);
    assertThat(result.exitCode())
        .as(backend() + ": kubectl " + String.join(" ", args) + "\n" + result)
        .isZero();
    return result;
  }

  /** Waits with kubectl wait, asserting the condition is met. */
  void await(String condition, String target) {
    kubectlOk("wait", condition, target, "--timeout=" + (PATIENCE.toSeconds() - 10) + "s");
  }

  /** Writes a manifest into the scenario's directory, returning the file for {@code -f}. */
  String file(String name, String text) {
    try {
      // one name on both backends, so that kubectl's messages that name it compare equal
      return Files.writeString(dir.resolve(name), text).toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Applies a CRD and waits until it is served; it is deleted when the session ends. */
  void crd(String name, String manifest) {
    crds.add(name);
    TestCrds.deleteAndAwaitGone(client(), name);
    kubectlOk("apply", "-f", file(name + ".yaml", manifest));
    TestCrds.awaitEstablished(client(), name);
  }

  /** One HTTP request to the API, as JSON. */
  record Answer(int code, List<String> warnings, JsonNode body) {}

  /**
   * Sends a request with the backend's own client (its TLS and credentials) and records code,
   * Warning headers and body. {@code path} may contain {@code NS}, the scenario's namespace.
   */
  Answer http(String name, String method, String path, String contentType, String body) {
    HttpClient http = client().getHttpClient();
    String url =
        client().getMasterUrl().toString().replaceAll("/$", "") + path.replace("NS", namespace);
    HttpRequest.Builder request =
        http.newHttpRequestBuilder().uri(url).header("Accept", "application/json");
    if (body == null) {
      request.method(method, null, (String) null);
    } else {
      request.method(method, contentType, body.replace("\"NS\"", "\"" + namespace + "\""));
    }
    try {
      HttpResponse<String> response =
          http.sendAsync(request.build(), String.class).get(60, TimeUnit.SECONDS);
      JsonNode parsed;
      try {
        parsed = JSON.readTree(response.body());
      } catch (IOException notJson) {
        parsed = JsonNodeFactory.instance.textNode(response.body());
      }
      Answer answer =
          new Answer(
              response.code(),
              response.headers("Warning"),
              parsed == null ? JsonNodeFactory.instance.nullNode() : parsed);
      ObjectNode observed = JsonNodeFactory.instance.objectNode();
      observed.put("code", answer.code());
      answer.warnings().forEach(w -> observed.withArray("/warnings").add(w));
      observed.set("body", answer.body());
      if (name != null) {
        observations.put(name, observed);
      }
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + url + " failed", e);
    }
  }

  /** Records the stored object at an API path (GET). */
  JsonNode stored(String name, String path) {
    Answer answer = http(null, "GET", path, null, null);
    assertThat(answer.code()).as(backend() + ": GET " + path + "\n" + answer.body()).isEqualTo(200);
    observations.put(name, answer.body());
    return answer.body();
  }

  @Override
  public void close() {
    try {
      crds.forEach(c -> TestCrds.deleteAndAwaitGone(client(), c));
      if (backend() == Backend.SANDBOX) {
        client().namespaces().withName(namespace).delete();
      }
    } finally {
      cluster.close();
    }
  }
}
