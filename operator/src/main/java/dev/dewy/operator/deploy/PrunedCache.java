package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * Informer caches that keep objects without {@code metadata.managedFields}. The operator never
 * reads field ownership from a cache, and it is the largest part of a cached object: a nested map
 * per field per manager, over half of the heap that 1,000 DewyDeployments and their workloads took
 * (see the README's benchmark). Nothing is written back from these copies with an update: status
 * and workloads are patched, which leaves the server's managedFields as they are.
 */
final class PrunedCache {
  private PrunedCache() {}

  /** A store for an informer of {@code R}. */
  static <R extends HasMetadata> ItemStore<R> store() {
    return new TransformingItemStore<>(PrunedCache::prune);
  }

  /** The primary informer's store, named in {@code @ControllerConfiguration}. */
  public static final class DewyDeployments extends TransformingItemStore<DewyDeployment> {
    public DewyDeployments() {
      super(PrunedCache::prune);
    }
  }

  private static <R extends HasMetadata> R prune(R resource) {
    resource.getMetadata().setManagedFields(null);
    return resource;
  }
}
