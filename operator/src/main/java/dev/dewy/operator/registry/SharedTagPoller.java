package dev.dewy.operator.registry;

import dev.dewy.operator.metrics.RegistryMeters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls each registry location at most once per interval however many DewyDeployments watch it:
 * callers with the same location (the URL without its policy options) and the same credentials
 * share one cached answer and one fetch in flight, for the tags list and for each tag's manifest
 * digest alike. A 429's Retry-After holds back every caller of that question until it has passed.
 */
public final class SharedTagPoller {
  /** Locations nobody asked about for this long are forgotten. */
  static final Duration IDLE_EVICTION = Duration.ofHours(1);

  /** Opens a client for a location; {@link RegistryFactory#open} in production. */
  @FunctionalInterface
  public interface Opener {
    Registry open(RegistryUrl location, Optional<RegistryCredentials> credentials);
  }

  private record Key(RegistryUrl location, Optional<RegistryCredentials> credentials) {}

  /** One location's client (its tokens too) and the questions asked of it. */
  private record Client(
      Registry registry,
      SharedPoll<TagListing> tags,
      Map<String, SharedPoll<Optional<String>>> digests) {}

  private final Opener opener;
  private final Clock clock;
  private final RegistryMeters meters;
  private final Map<Key, Client> polls = new ConcurrentHashMap<>();
  private volatile Instant lastSweep;

  public SharedTagPoller(Opener opener, Clock clock) {
    this(opener, clock, RegistryMeters.discarded());
  }

  /** As above, counting the polls a Retry-After holds back in {@code meters}. */
  public SharedTagPoller(Opener opener, Clock clock, RegistryMeters meters) {
    this.opener = opener;
    this.clock = clock;
    this.meters = meters;
    this.lastSweep = clock.instant();
  }

  /**
   * The tags at {@code url}, from a fetch no older than {@code maxAge} (the caller's interval).
   * Throws the fetch's {@link RegistryException} (shared with the other callers, and repeated until
   * it is {@code maxAge} old, or until its retry time for RATE_LIMITED), or {@link
   * RegistryUrlException} when the scheme cannot be polled.
   */
  public TagListing tags(
      RegistryUrl url, Optional<RegistryCredentials> credentials, Duration maxAge)
      throws RegistryException {
    return client(url, credentials).tags().get(maxAge);
  }

  /**
   * The manifest digest {@code tag} at {@code url} names now, from a lookup no older than {@code
   * maxAge}; empty when the scheme has no digests. Shared and held back like {@link #tags}.
   */
  public Optional<String> digest(
      RegistryUrl url, Optional<RegistryCredentials> credentials, String tag, Duration maxAge)
      throws RegistryException {
    Client client = client(url, credentials);
    Registry registry = client.registry();
    SharedPoll<Optional<String>> poll =
        client
            .digests()
            .computeIfAbsent(
                tag,
                t ->
                    new SharedPoll<>(
                        at -> registry.digest(t), clock, rateLimitWait(url.location())));
    return poll.get(maxAge);
  }

  /**
   * Tells the registry at {@code url} that {@code version} shipped to {@code shippedTo}, through
   * the client its polls use (which remembers what the registry said about that version).
   */
  public void report(
      RegistryUrl url, Optional<RegistryCredentials> credentials, String version, String shippedTo)
      throws RegistryException {
    client(url, credentials).registry().report(version, shippedTo);
  }

  private Client client(RegistryUrl url, Optional<RegistryCredentials> credentials) {
    sweepIdle();
    return polls.computeIfAbsent(
        new Key(url.location(), credentials),
        k -> {
          Registry registry = opener.open(k.location(), k.credentials());
          return new Client(
              registry,
              new SharedPoll<>(
                  at -> new TagListing(registry.tags(), at), clock, rateLimitWait(k.location())),
              new ConcurrentHashMap<>());
        });
  }

  private Runnable rateLimitWait(RegistryUrl location) {
    return () -> meters.rateLimitWait(location.scheme());
  }

  /**
   * Makes the next poll of {@code location} (with any credentials) fetch afresh, because its
   * registry announced a change; returns how many shared polls that touched.
   */
  public int expire(RegistryUrl location) {
    int expired = 0;
    for (Map.Entry<Key, Client> entry : polls.entrySet()) {
      if (entry.getKey().location().equals(location)) {
        entry.getValue().tags().expire();
        // a push may re-point a tag at new content
        entry.getValue().digests().values().forEach(SharedPoll::expire);
        expired++;
      }
    }
    return expired;
  }

  /** How many locations are being shared now. */
  int locations() {
    return polls.size();
  }

  /** Clients evicted at the last sweep, closed at the next. */
  private final java.util.Queue<Client> retired =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private void sweepIdle() {
    Instant now = clock.instant();
    if (now.isBefore(lastSweep.plus(Duration.ofMinutes(1)))) {
      return;
    }
    lastSweep = now;
    // Clients evicted at the last sweep are closed now, not when evicted: a caller that took one
    // from the map just before its eviction has had a minute to finish with it. Unclosed, a gRPC
    // channel or an SDK client would outlive its last poller.
    for (Client evicted = retired.poll(); evicted != null; evicted = retired.poll()) {
      evicted.registry().close();
    }
    polls
        .values()
        .removeIf(
            client -> {
              boolean idle = idle(client.tags(), now);
              if (idle) {
                retired.add(client);
              }
              return idle;
            });
    polls.values().forEach(client -> client.digests().values().removeIf(poll -> idle(poll, now)));
  }

  private static boolean idle(SharedPoll<?> poll, Instant now) {
    return poll.lastUsed().plus(IDLE_EVICTION).isBefore(now);
  }
}
