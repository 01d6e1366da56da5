package dev.dewy.operator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes' own OpenAPI v3 document of the core group ({@code api/v1}), where the descriptions of
 * embedded types such as EnvVar come from.
 *
 * <p>It is read from the k8s.io/kubernetes module that {@code testenv/go.mod} pins, so the words
 * are those of the Kubernetes version the tests run against, and {@code go mod download} fetches it
 * through the Go module proxy on a clean machine (testenv needs Go anyway; a warm machine has it in
 * its module cache). fabric8's model jars carry no descriptions, and the apiserver's {@code
 * /openapi/v3} needs a running control plane, which the CRD's unit tests have not.
 */
final class KubernetesOpenApi {
  private static final Path TESTENV = Path.of("../testenv");
  private static final String DOCUMENT = "api/openapi-spec/v3/api__v1_openapi.json";
  private static final String REF_PREFIX = "#/components/schemas/";

  private final JsonNode schemas;

  private KubernetesOpenApi(JsonNode document) {
    this.schemas = document.path("components").path("schemas");
  }

  static KubernetesOpenApi load() {
    Path module = moduleDir();
    try {
      return new KubernetesOpenApi(new ObjectMapper().readTree(module.resolve(DOCUMENT).toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + module.resolve(DOCUMENT), e);
    }
  }

  /** The schema of a core/v1 type by its Go name, such as {@code EnvVar}. */
  Optional<JsonNode> coreType(String name) {
    return Optional.ofNullable(schemas.get("io.k8s.api.core.v1." + name));
  }

  /** The schema a property stands for: its {@code $ref} (or single {@code allOf}) followed. */
  JsonNode resolve(JsonNode property) {
    JsonNode ref = property.path("$ref");
    if (ref.isMissingNode() && property.path("allOf").size() == 1) {
      ref = property.path("allOf").get(0).path("$ref");
    }
    if (ref.isTextual() && ref.asText().startsWith(REF_PREFIX)) {
      return schemas.path(ref.asText().substring(REF_PREFIX.length()));
    }
    return property;
  }

  private static Path moduleDir() {
    String version = kubernetesVersion();
    String[] command = {"go", "mod", "download", "-json", "k8s.io/kubernetes@" + version};
    try {
      Process go =
          new ProcessBuilder(command)
              .directory(TESTENV.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out;
      try (InputStream in = go.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Matcher dir = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"").matcher(out);
      if (go.waitFor() != 0 || !dir.find()) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed (Go 1.24 or newer is needed): " + out);
      }
      return Path.of(dir.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run go (Go 1.24 or newer is needed to read Kubernetes' OpenAPI)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String kubernetesVersion() {
    try {
      Matcher m =
          Pattern.compile("(?m)^\\s*k8s.io/kubernetes (v\\S+)")
              .matcher(Files.readString(TESTENV.resolve("go.mod")));
      if (!m.find()) {
        throw new IllegalStateException("testenv/go.mod requires no k8s.io/kubernetes version");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
