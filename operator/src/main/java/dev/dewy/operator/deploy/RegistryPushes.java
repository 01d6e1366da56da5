package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.push.PushEndpoint;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.registry.RegistryUrlException;
import dev.dewy.operator.registry.SharedTagPoller;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns a registry's "something changed" into a poll now: the shared answer for that location is
 * expired and every DewyDeployment polling it is queued for a pass, instead of waiting out its
 * interval. Polling on the interval stays, for pushes that never arrive.
 */
public final class RegistryPushes implements PushEndpoint.Sources {
  private final SharedTagPoller poller;
  private final SimpleInboundEventSource<DewyDeployment> events =
      new SimpleInboundEventSource<>("registry-pushes");
  private volatile IndexerResourceCache<DewyDeployment> primaries;

  RegistryPushes(SharedTagPoller poller) {
    this.poller = poller;
  }

  /** The event source the reconciler registers; it gives this the DewyDeployments' cache. */
  EventSource<?, DewyDeployment> eventSource(EventSourceContext<DewyDeployment> context) {
    primaries = context.getPrimaryCache();
    return events;
  }

  /** Every location the DewyDeployments watched here poll (URLs without their policy options). */
  @Override
  public Set<RegistryUrl> locations() {
    Set<RegistryUrl> locations = new LinkedHashSet<>();
    watched().forEach(w -> locations.add(w.location()));
    return locations;
  }

  /**
   * Polls {@code pushed} now: expires their shared answers and queues each DewyDeployment that
   * polls one of them. Returns those DewyDeployments as NAMESPACE/NAME.
   */
  @Override
  public List<String> poll(Set<RegistryUrl> pushed) {
    pushed.forEach(poller::expire);
    List<String> queued = new ArrayList<>();
    watched()
        .filter(w -> pushed.contains(w.location()))
        .forEach(
            w -> {
              events.propagateEvent(w.id());
              queued.add(w.id().getNamespace().orElse("") + "/" + w.id().getName());
            });
    return queued;
  }

  private record Watched(ResourceID id, RegistryUrl location) {}

  private Stream<Watched> watched() {
    IndexerResourceCache<DewyDeployment> cache = primaries;
    if (cache == null) {
      return Stream.empty();
    }
    return cache
        .list()
        .flatMap(dd -> location(dd).map(l -> new Watched(ResourceID.fromResource(dd), l)).stream());
  }

  /** A spec.registry that does not parse polls nothing; its status already says why. */
  private static Optional<RegistryUrl> location(DewyDeployment dd) {
    if (dd.getSpec() == null || dd.getSpec().getRegistry() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RegistryUrl.parse(dd.getSpec().getRegistry()).location());
    } catch (RegistryUrlException e) {
      return Optional.empty();
    }
  }
}
