package dev.dewy.operator.registry;

import java.util.List;
import java.util.Optional;

/** A release registry as the policy layer sees it: a source of candidate version names. */
public interface Registry extends AutoCloseable {

  /**
   * The tags (or release names) the registry lists now, in the registry's order, with names that
   * could not be an image tag already dropped. Which one is newest is the policy's call.
   */
  List<String> tags() throws RegistryException;

  /**
   * The digest of the manifest {@code tag} names now ({@code sha256:...}), for schemes whose
   * versions are content-addressed images; empty for the others.
   */
  default Optional<String> digest(String tag) throws RegistryException {
    return Optional.empty();
  }

  /**
   * Tells the registry that {@code version} was deployed to {@code shippedTo} (the workload, as
   * {@code NAME.NAMESPACE}: what Dewy names its host by), where the scheme has a shipping report
   * (Dewy's {@code Report} call, its release asset, its empty object); a no-op for the others.
   */
  default void report(String version, String shippedTo) throws RegistryException {}

  /**
   * Frees what the client holds (a gRPC channel, an SDK client) once no DewyDeployment polls it any
   * more; nothing for clients of the shared HTTP client.
   */
  @Override
  default void close() {}
}
