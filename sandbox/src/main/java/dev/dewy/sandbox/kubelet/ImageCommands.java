package dev.dewy.sandbox.kubelet;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images whose program is on the host, for containers that set only args and rely on the image's
 * entrypoint: the operator's own image, whose entrypoint is {@code java -jar dewy-operator.jar}.
 * Read from {@value #ENV}: lines of {@code IMAGE=COMMAND}, the command split on spaces.
 */
final class ImageCommands {
  /** Names images and the host command that stands for each one's entrypoint. */
  static final String ENV = "DEWY_NODE_IMAGE_COMMANDS";

  private ImageCommands() {}

  /** The host command for {@code image}'s entrypoint, if {@code env} names one. */
  static Optional<List<String>> entrypoint(String image, Map<String, String> env) {
    String table = env.get(ENV);
    if (table == null || image == null) {
      return Optional.empty();
    }
    for (String line : table.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0 && line.substring(0, eq).trim().equals(image)) {
        return Optional.of(Arrays.asList(line.substring(eq + 1).trim().split(" +")));
      }
    }
    return Optional.empty();
  }
}
