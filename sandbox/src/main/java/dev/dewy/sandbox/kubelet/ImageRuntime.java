package dev.dewy.sandbox.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.sandbox.image.ImagePullException;
import dev.dewy.sandbox.image.ImagePuller;
import dev.dewy.sandbox.image.ImageReference;
import dev.dewy.sandbox.image.LayerUnpacker;
import dev.dewy.sandbox.image.PulledImage;
import dev.dewy.sandbox.image.RegistryCredentials;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's container-runtime stand-in (the node agent's {@code --run-images}): pulls images with
 * the pod's imagePullSecrets, keeps what it pulled, unpacks a container's root, and tells the
 * address of the API server the containers get.
 */
public final class ImageRuntime {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ImagePuller puller;
  private final LayerUnpacker unpacker = new LayerUnpacker(true);
  private final Map<String, PulledImage> present = new ConcurrentHashMap<>();
  private final Map<String, String> apiServer;

  /**
   * @param cache where blobs are kept by digest
   * @param apiHost and {@code apiPort}: where containers reach kube-apiserver, as {@code
   *     KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}
   */
  public ImageRuntime(Path cache, String apiHost, int apiPort) {
    this.puller = new ImagePuller(cache);
    this.apiServer =
        Map.of(
            "KUBERNETES_SERVICE_HOST", apiHost,
            "KUBERNETES_SERVICE_PORT", Integer.toString(apiPort),
            "KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(apiPort));
  }

  Map<String, String> apiServerEnv() {
    return apiServer;
  }

  /** The container's image, pulled now unless it is present and its pull policy allows reuse. */
  PulledImage pull(Pod pod, Container container, ConfigSource secrets) throws ImagePullException {
    String image = container.getImage();
    ImageReference reference;
    try {
      reference = ImageReference.parse(image);
    } catch (IllegalArgumentException e) {
      throw new ImagePullException(e.getMessage());
    }
    String policy = container.getImagePullPolicy();
    PulledImage cached = present.get(image);
    if (cached != null && !"Always".equals(policy)) {
      return cached;
    }
    PulledImage pulled = puller.pull(reference, credentials(pod, reference, secrets));
    present.put(image, pulled);
    return pulled;
  }

  /** Unpacks the image into {@code root}, once: a restarted container finds its files again. */
  void unpack(PulledImage image, Path root) throws ImagePullException, IOException {
    Path done = root.resolveSibling(root.getFileName() + ".unpacked");
    if (Files.exists(done)) {
      return;
    }
    if (Files.exists(root)) {
      Kubelet.deleteWorkRoot(root);
    }
    Files.createDirectories(root);
    Files.setAttribute(root, "unix:mode", 0755);
    unpacker.unpack(image.layers(), root);
    Files.writeString(done, image.digest());
  }

  /** The first of the pod's imagePullSecrets with an entry for the image's registry. */
  static Optional<RegistryCredentials> credentials(
      Pod pod, ImageReference image, ConfigSource secrets) {
    List<LocalObjectReference> refs = pod.getSpec().getImagePullSecrets();
    for (LocalObjectReference ref : refs == null ? List.<LocalObjectReference>of() : refs) {
      Optional<Map<String, String>> data =
          secrets.secret(pod.getMetadata().getNamespace(), ref.getName());
      String config = data.map(d -> d.get(".dockerconfigjson")).orElse(null);
      if (config == null) {
        continue;
      }
      try {
        JsonNode auth = JSON.readTree(config).path("auths").path(image.registry());
        if (auth.isMissingNode()) {
          continue;
        }
        if (auth.hasNonNull("username")) {
          return Optional.of(
              new RegistryCredentials(
                  auth.get("username").asText(), auth.path("password").asText("")));
        }
        String pair =
            new String(
                Base64.getDecoder().decode(auth.path("auth").asText("")), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon > 0) {
          return Optional.of(
              new RegistryCredentials(pair.substring(0, colon), pair.substring(colon + 1)));
        }
      } catch (IOException | IllegalArgumentException e) {
        // not a docker config: the next secret may serve
      }
    }
    return Optional.empty();
  }
}
