package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's way to simulate an image pull failure: an image whose tag contains {@code
 * unpullable} never pulls, in any container, init containers included.
 */
public final class UnpullableImages {

  private UnpullableImages() {}

  /** The first image of the spec that cannot be pulled, if any. */
  public static Optional<String> firstIn(PodSpec spec) {
    if (spec == null) {
      return Optional.empty();
    }
    List<Container> all = new ArrayList<>();
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    if (spec.getContainers() != null) {
      all.addAll(spec.getContainers());
    }
    return all.stream().map(Container::getImage).filter(UnpullableImages::isUnpullable).findFirst();
  }

  static boolean isUnpullable(String image) {
    if (image == null) {
      return false;
    }
    String withoutDigest = image.split("@", 2)[0];
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash && withoutDigest.substring(colon + 1).contains("unpullable");
  }
}
