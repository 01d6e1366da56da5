package dev.dewy.operator.registry;

import dev.dewy.operator.registry.RegistryException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One registry question's last answer (a location's tags, or a tag's manifest digest) and the fetch
 * in flight, shared by every caller that asks it: a fresh answer is handed out, a stale one is
 * refreshed by one caller while the others wait for that same fetch. A caller answered with a
 * rate-limit failure whose Retry-After has not passed is a wait, and reported as one.
 */
final class SharedPoll<T> {
  /** Asks the registry; {@code at} is when the question was sent. */
  @FunctionalInterface
  interface Fetch<T> {
    T fetch(Instant at) throws RegistryException;
  }

  /** A finished fetch: the answer, or the failure every caller gets until it is stale. */
  private record Outcome<T>(T answer, RegistryException failure, Instant at, long generation) {
    boolean rateLimited() {
      return failure != null && failure.kind() == Kind.RATE_LIMITED;
    }

    boolean freshFor(Duration maxAge, Instant now) {
      if (rateLimited()) {
        return now.isBefore(failure.retryAfter().orElse(at));
      }
      return now.isBefore(at.plus(maxAge));
    }

    T get() throws RegistryException {
      if (failure != null) {
        throw failure;
      }
      return answer;
    }
  }

  private final Fetch<T> fetch;
  private final Clock clock;
  private final Runnable rateLimitWait;
  private Outcome<T> last;
  private CompletableFuture<Outcome<T>> inFlight;
  private long inFlightGeneration;

  /** Raised by {@link #expire}: answers fetched before the last raise are no longer fresh. */
  private long generation;

  private volatile Instant lastUsed;

  SharedPoll(Fetch<T> fetch, Clock clock, Runnable rateLimitWait) {
    this.fetch = fetch;
    this.clock = clock;
    this.rateLimitWait = rateLimitWait;
    this.lastUsed = clock.instant();
  }

  /** The answer, fetched only if the last one is older than {@code maxAge}. */
  T get(Duration maxAge) throws RegistryException {
    CompletableFuture<Outcome<T>> pending;
    boolean fetchHere = false;
    long fetchGeneration = 0;
    synchronized (this) {
      Instant now = clock.instant();
      lastUsed = now;
      // a rate limit holds even after a push: its Retry-After is the registry's word
      boolean current = last != null && (last.generation() == generation || last.rateLimited());
      if (current && last.freshFor(maxAge, now)) {
        if (last.rateLimited()) {
          rateLimitWait.run();
        }
        return last.get();
      }
      if (inFlight == null || inFlightGeneration != generation) {
        inFlight = new CompletableFuture<>();
        inFlightGeneration = generation;
        fetchGeneration = generation;
        fetchHere = true;
      }
      pending = inFlight;
    }
    if (fetchHere) {
      fetchInto(pending, fetchGeneration);
    }
    return await(pending).get();
  }

  Instant lastUsed() {
    return lastUsed;
  }

  /**
   * Forgets the last answer, and a fetch in flight for the callers to come: the registry said
   * something changed (a push notification), so the next caller fetches afresh whatever its
   * interval, unless a 429's Retry-After has not passed.
   */
  synchronized void expire() {
    generation++;
  }

  private void fetchInto(CompletableFuture<Outcome<T>> pending, long fetchGeneration) {
    Outcome<T> outcome;
    try {
      Instant at = clock.instant();
      try {
        outcome = new Outcome<>(fetch.fetch(at), null, at, fetchGeneration);
      } catch (RegistryException e) {
        outcome = new Outcome<>(null, e, at, fetchGeneration);
      }
    } catch (RuntimeException | Error e) {
      // a bug, not an answer: the waiters see it, the next caller tries afresh
      synchronized (this) {
        if (inFlight == pending) {
          inFlight = null;
        }
      }
      pending.completeExceptionally(e);
      return;
    }
    synchronized (this) {
      // a fetch begun before a push may end after the one begun since: keep the newer answer
      if (last == null || outcome.generation() >= last.generation()) {
        last = outcome;
      }
      if (inFlight == pending) {
        inFlight = null;
      }
    }
    pending.complete(outcome);
  }

  private Outcome<T> await(CompletableFuture<Outcome<T>> pending) throws RegistryException {
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(Kind.UNREACHABLE, "interrupted while waiting for a poll", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw (Error) e.getCause();
    }
  }
}
