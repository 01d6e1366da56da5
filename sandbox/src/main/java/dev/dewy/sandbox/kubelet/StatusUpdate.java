package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Writes status with a PUT to {@code /status} on a freshly read object, re-reading on 409, so it
 * works on the raw mock (no merge patch, no SSA) and on a faithful API alike.
 */
public final class StatusUpdate {

  private static final int ATTEMPTS = 10;

  private StatusUpdate() {}

  /**
   * Applies {@code change} to the current object and writes its status; returns the written object,
   * or empty when the object is gone or {@code change} returns null (nothing to write).
   */
  public static <T extends HasMetadata> Optional<T> apply(
      KubernetesClient client,
      Class<T> type,
      String namespace,
      String name,
      UnaryOperator<T> change) {
    for (int attempt = 1; ; attempt++) {
      T current = client.resources(type).inNamespace(namespace).withName(name).get();
      if (current == null) {
        return Optional.empty();
      }
      T changed = change.apply(current);
      if (changed == null) {
        return Optional.empty();
      }
      try {
        return Optional.of(client.resource(changed).updateStatus());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return Optional.empty();
        }
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
