package dev.dewy.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's published OpenAPI description of its REST API (the npm package @octokit/openapi, which
 * .ci/install-octokit-openapi puts under .tools/), read to check a fake's answers against it.
 */
public final class GitHubOpenApi {
  public static final Path DOCUMENT =
      Path.of(
              "../.tools/octokit-openapi/node_modules/@octokit/openapi/generated/api.github.com.json")
          .toAbsolutePath()
          .normalize();

  private static final String IRI = "https://api.github.com/openapi/api.github.com.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode document;
  private final SchemaRegistry schemas;

  private GitHubOpenApi(String text) throws IOException {
    this.document = JSON.readTree(text);
    this.schemas =
        SchemaRegistry.withDefaultDialect(
            Dialects.getOpenApi30(), builder -> builder.schemas(Map.of(IRI, text)));
  }

  /** Reads the document; fails, saying how to install it, when it is not there. */
  public static GitHubOpenApi load() throws IOException {
    if (!Files.isRegularFile(DOCUMENT)) {
      throw new IllegalStateException(
          DOCUMENT + " is missing: run .ci/install-octokit-openapi (run-tests does)");
    }
    return new GitHubOpenApi(Files.readString(DOCUMENT));
  }

  /** The version of the description, from its info block. */
  public String version() {
    return document.path("info").path("version").asText();
  }

  /**
   * The response {@code operation} ("GET /repos/{owner}/{repo}/releases") documents for {@code
   * status}, with $refs to components/responses followed; empty when it documents none.
   */
  public Optional<JsonNode> response(String operation, int status) {
    String[] methodAndPath = operation.split(" ", 2);
    JsonNode response =
        document
            .path("paths")
            .path(methodAndPath[1])
            .path(methodAndPath[0].toLowerCase(java.util.Locale.ROOT))
            .path("responses")
            .path(String.valueOf(status));
    if (response.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(follow(response));
  }

  /** Whether the document has {@code operation} at all. */
  public boolean hasOperation(String operation) {
    String[] methodAndPath = operation.split(" ", 2);
    return !document
        .path("paths")
        .path(methodAndPath[1])
        .path(methodAndPath[0].toLowerCase(java.util.Locale.ROOT))
        .isMissingNode();
  }

  /**
   * What is wrong with {@code body} as the application/json content of {@code response}: the
   * validator's messages, none when it conforms.
   */
  public List<String> violations(JsonNode response, String body) throws IOException {
    JsonNode schema = response.path("content").path("application/json").path("schema");
    if (schema.isMissingNode()) {
      return body.isBlank() ? List.of() : List.of("a body where the document describes none");
    }
    return violationsOf(schema, JSON.readTree(body), "$");
  }

  /** What is wrong with {@code body} as components/schemas/{@code name}. */
  public List<String> violations(String name, String body) throws IOException {
    return validate("#/components/schemas/" + name, JSON.readTree(body), "$");
  }

  private List<String> violationsOf(JsonNode schema, JsonNode value, String where) {
    if (schema.has("$ref")) {
      return validate(schema.get("$ref").asText(), value, where);
    }
    if ("array".equals(schema.path("type").asText()) && schema.path("items").has("$ref")) {
      if (!value.isArray()) {
        return List.of(where + ": not an array");
      }
      List<String> all = new ArrayList<>();
      for (int i = 0; i < value.size(); i++) {
        all.addAll(violationsOf(schema.get("items"), value.get(i), where + "[" + i + "]"));
      }
      return all;
    }
    throw new IllegalArgumentException("an inline schema this check does not read: " + schema);
  }

  private List<String> validate(String ref, JsonNode value, String where) {
    Schema schema = schemas.getSchema(SchemaLocation.of(IRI + ref));
    return schema.validate(value).stream().map(e -> where + " " + e.toString()).toList();
  }

  private JsonNode follow(JsonNode node) {
    while (node.has("$ref")) {
      JsonNode target = document;
      for (String part : node.get("$ref").asText().substring(2).split("/")) {
        target = target.path(part.replace("~1", "/").replace("~0", "~"));
      }
      node = target;
    }
    return node;
  }
}
