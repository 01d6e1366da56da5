package dev.dewy.sandbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of an OCI image config a runtime starts a container from.
 *
 * @param env {@code NAME=value} entries, in order
 * @param user {@code uid[:gid]} or a name; empty for root
 */
public record ImageConfig(
    List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user) {

  /** Reads the {@code config} object of an image config blob (absent fields are empty). */
  public static ImageConfig of(JsonNode blob) {
    JsonNode config = blob.path("config");
    return new ImageConfig(
        strings(config.path("Entrypoint")),
        strings(config.path("Cmd")),
        strings(config.path("Env")),
        config.path("WorkingDir").asText(""),
        config.path("User").asText(""));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return List.copyOf(values);
  }
}
