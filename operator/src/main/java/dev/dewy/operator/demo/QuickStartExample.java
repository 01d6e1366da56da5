package dev.dewy.operator.demo;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * examples/00-quickstart.yaml as the demo applies it: read from the jar, with the placeholder
 * registry host replaced by the demo registry's address, so users read exactly what runs.
 */
public final class QuickStartExample {
  /** Where the example lives in the jar (copied from examples/ by the build). */
  static final String RESOURCE = "/examples/00-quickstart.yaml";

  /** The registry host the example is written for; the demo swaps in its own. */
  static final String PLACEHOLDER_HOST = "localhost:5000";

  private QuickStartExample() {}

  /** The example's text with {@code localhost:5000} replaced by {@code registryHost}. */
  public static String forRegistry(String registryHost) {
    try (InputStream in = QuickStartExample.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing from the jar; rebuild with mvn package");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace(PLACEHOLDER_HOST, registryHost);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates every object of {@code manifest} in {@code namespace}, in order, as {@code kubectl
   * apply -n NAMESPACE} would (the examples name no namespace); returns them as created.
   */
  public static List<HasMetadata> apply(
      KubernetesClient client, String namespace, String manifest) {
    List<HasMetadata> items =
        client.load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items();
    return items.stream()
        .map(item -> client.resource(item).inNamespace(namespace).create())
        .toList();
  }
}
