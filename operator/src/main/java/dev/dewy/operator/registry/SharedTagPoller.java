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
 * share one cached answer and one fetch in flight. A 429's Retry-After holds back every caller of
 * that location until it has passed.
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

  private final Opener opener;
  private final Clock clock;
  private final RegistryMeters meters;
  private final Map<Key, SharedPoll> polls = new ConcurrentHashMap<>();
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
    sweepIdle();
    Key key = new Key(url.location(), credentials);
    SharedPoll poll =
        polls.computeIfAbsent(
            key,
            k ->
                new SharedPoll(
                    opener.open(k.location(), k.credentials()),
                    clock,
                    () -> meters.rateLimitWait(k.location().scheme())));
    return poll.get(maxAge);
  }

  /**
   * Makes the next poll of {@code location} (with any credentials) fetch afresh, because its
   * registry announced a change; returns how many shared polls that touched.
   */
  public int expire(RegistryUrl location) {
    int expired = 0;
    for (Map.Entry<Key, SharedPoll> entry : polls.entrySet()) {
      if (entry.getKey().location().equals(location)) {
        entry.getValue().expire();
        expired++;
      }
    }
    return expired;
  }

  /** How many locations are being shared now. */
  int locations() {
    return polls.size();
  }

  private void sweepIdle() {
    Instant now = clock.instant();
    if (now.isBefore(lastSweep.plus(Duration.ofMinutes(1)))) {
      return;
    }
    lastSweep = now;
    polls.values().removeIf(poll -> poll.lastUsed().plus(IDLE_EVICTION).isBefore(now));
  }
}
