package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.registry.RegistryException.Kind;
import dev.dewy.operator.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedTagPollerTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final RegistryUrl APP = RegistryUrl.parse("img://r.example.com/shop/app");

  private final TestClock clock = TestClock.at("2026-03-15T10:30:00Z");
  private final FakeRegistry registry = new FakeRegistry();
  private final List<RegistryUrl> opened = new ArrayList<>();
  private final SharedTagPoller poller =
      new SharedTagPoller(
          (location, credentials) -> {
            opened.add(location);
            return registry;
          },
          clock);

  @Test
  void callersWithinTheIntervalShareOneFetch() throws Exception {
    // when
    TagListing first = poller.tags(APP, Optional.empty(), MINUTE);
    clock.advance(Duration.ofSeconds(59));
    TagListing second = poller.tags(APP, Optional.empty(), MINUTE);

    // then
    assertThat(registry.fetches.get()).isEqualTo(1);
    assertThat(second).isEqualTo(first);
    assertThat(first.fetchedAt()).isEqualTo(Instant.parse("2026-03-15T10:30:00Z"));
  }

  @Test
  void aClientNoOneHasPolledForAnHourIsEvictedThenClosedAtTheNextSweep() throws Exception {
    poller.tags(APP, Optional.empty(), MINUTE);
    clock.advance(Duration.ofMinutes(30));
    poller.tags(APP, Optional.empty(), MINUTE);
    assertThat(registry.closed.get()).as("still in use").isZero();

    clock.advance(SharedTagPoller.IDLE_EVICTION.plusMinutes(1));
    poller.tags(APP, Optional.empty(), MINUTE);
    assertThat(opened).as("evicted, and opened anew").hasSize(2);
    assertThat(registry.closed.get())
        .as("a caller that took it just before may still use it for a while")
        .isZero();

    clock.advance(Duration.ofMinutes(1));
    poller.tags(APP, Optional.empty(), MINUTE);

    assertThat(registry.closed.get()).as("closed at the next sweep").isEqualTo(1);
  }

  @Test
  void aListingOlderThanTheCallersIntervalIsFetchedAgain() throws Exception {
    poller.tags(APP, Optional.empty(), MINUTE);
    clock.advance(Duration.ofSeconds(30));

    TagListing fresh = poller.tags(APP, Optional.empty(), Duration.ofSeconds(10));

    assertThat(registry.fetches.get()).isEqualTo(2);
    assertThat(fresh.fetchedAt()).isEqualTo(Instant.parse("2026-03-15T10:30:30Z"));
  }

  @Test
  void policyOptionsDoNotSplitTheFetchButCredentialsDo() throws Exception {
    // when
    poller.tags(APP, Optional.empty(), MINUTE);
    poller.tags(
        RegistryUrl.parse("img://r.example.com/shop/app?pre-release=true&calver=YYYY.0M"),
        Optional.empty(),
        MINUTE);
    poller.tags(APP, Optional.of(new RegistryCredentials("a", "b")), MINUTE);
    poller.tags(RegistryUrl.parse("img://r.example.com/shop/other"), Optional.empty(), MINUTE);

    // then
    assertThat(registry.fetches.get()).isEqualTo(3);
    assertThat(poller.locations()).isEqualTo(3);
    assertThat(opened).allMatch(url -> url.options().equals(ReleaseOptions.DEFAULT));
  }

  @Test
  void concurrentCallersWaitForTheOneFetchInFlight() throws Exception {
    // given a registry that answers only when released
    registry.gate = new CountDownLatch(1);
    ConcurrentLinkedQueue<TagListing> results = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Thread caller =
          new Thread(
              () -> {
                try {
                  results.add(poller.tags(APP, Optional.empty(), MINUTE));
                } catch (RegistryException e) {
                  throw new IllegalStateException(e);
                }
              });
      callers.add(caller);
      caller.start();
    }

    // when all twenty are inside the poller, one fetching and the rest waiting
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> callers.stream().allMatch(SharedTagPollerTest::waitingInPoller));
    registry.gate.countDown();
    for (Thread caller : callers) {
      caller.join(TimeUnit.SECONDS.toMillis(30));
    }

    // then
    assertThat(registry.fetches.get()).isEqualTo(1);
    assertThat(results).hasSize(20).containsOnly(results.peek());
  }

  @Test
  void rateLimitHoldsBackEveryCallerUntilRetryAfterEvenWithShortIntervals() throws Exception {
    // given
    Instant retryAt = Instant.parse("2026-03-15T10:35:00Z");
    registry.failure = RegistryException.rateLimited("429", retryAt);
    assertThatThrownBy(() -> poller.tags(APP, Optional.empty(), Duration.ofSeconds(10)))
        .isSameAs(registry.failure);

    // when
    clock.advance(Duration.ofMinutes(4));
    RegistryException held =
        catchRegistryException(() -> poller.tags(APP, Optional.empty(), Duration.ofSeconds(10)));
    registry.failure = null;
    clock.advance(Duration.ofMinutes(1));
    TagListing after = poller.tags(APP, Optional.empty(), Duration.ofSeconds(10));

    // then
    assertThat(held.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(held.retryAfter()).contains(retryAt);
    assertThat(after.tags()).containsExactly("v1.0.0");
    assertThat(registry.fetches.get()).isEqualTo(2);
  }

  @Test
  void aFailureIsSharedForTheIntervalRatherThanRetriedByEveryCaller() throws Exception {
    registry.failure = new RegistryException(Kind.UNREACHABLE, "down");
    catchRegistryException(() -> poller.tags(APP, Optional.empty(), MINUTE));
    registry.failure = null;

    RegistryException again =
        catchRegistryException(() -> poller.tags(APP, Optional.empty(), MINUTE));
    clock.advance(MINUTE);
    TagListing recovered = poller.tags(APP, Optional.empty(), MINUTE);

    assertThat(again.getMessage()).isEqualTo("down");
    assertThat(recovered.tags()).containsExactly("v1.0.0");
    assertThat(registry.fetches.get()).isEqualTo(2);
  }

  @Test
  void locationsNobodyAsksAboutForAnHourAreForgotten() throws Exception {
    poller.tags(APP, Optional.empty(), MINUTE);
    clock.advance(Duration.ofMinutes(61));

    poller.tags(RegistryUrl.parse("img://r.example.com/shop/other"), Optional.empty(), MINUTE);

    assertThat(poller.locations()).isEqualTo(1);
  }

  @Test
  void afterAPushTheNextCallerFetchesAfreshWhateverItsInterval() throws Exception {
    poller.tags(APP, Optional.empty(), Duration.ofHours(1));
    registry.answer = List.of("v1.0.0", "v1.1.0");

    int expired = poller.expire(APP.location());
    TagListing after = poller.tags(APP, Optional.empty(), Duration.ofHours(1));
    TagListing again = poller.tags(APP, Optional.empty(), Duration.ofHours(1));

    assertThat(expired).isEqualTo(1);
    assertThat(after.tags()).containsExactly("v1.0.0", "v1.1.0");
    assertThat(again).isSameAs(after);
    assertThat(registry.fetches.get()).isEqualTo(2);
    assertThat(poller.expire(RegistryUrl.parse("img://r.example.com/shop/other"))).isZero();
  }

  @Test
  void aFetchBegunBeforeAPushDoesNotAnswerTheCallersAfterIt() throws Exception {
    // given a fetch in flight, begun before the push
    CountDownLatch firstFetch = new CountDownLatch(1);
    registry.gate = firstFetch;
    ConcurrentLinkedQueue<TagListing> early = new ConcurrentLinkedQueue<>();
    Thread before =
        new Thread(
            () -> {
              try {
                early.add(poller.tags(APP, Optional.empty(), MINUTE));
              } catch (RegistryException e) {
                throw new IllegalStateException(e);
              }
            });
    before.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> registry.fetches.get() == 1);

    // when the push arrives, a caller after it fetches on its own
    poller.expire(APP.location());
    registry.gate = null;
    registry.answer = List.of("v1.0.0", "v1.1.0");
    TagListing after = poller.tags(APP, Optional.empty(), MINUTE);

    // then the late answer of the early fetch goes to its own caller only
    assertThat(after.tags()).containsExactly("v1.0.0", "v1.1.0");
    assertThat(registry.fetches.get()).isEqualTo(2);
    firstFetch.countDown();
    before.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(early)
        .singleElement()
        .satisfies(l -> assertThat(l.tags()).containsExactly("v1.0.0"));
    assertThat(poller.tags(APP, Optional.empty(), MINUTE)).isSameAs(after);
  }

  @Test
  void aPushDoesNotCutARateLimitShort() throws Exception {
    Instant retryAt = Instant.parse("2026-03-15T10:35:00Z");
    registry.failure = RegistryException.rateLimited("429", retryAt);
    catchRegistryException(() -> poller.tags(APP, Optional.empty(), MINUTE));
    registry.failure = null;

    poller.expire(APP.location());
    RegistryException held =
        catchRegistryException(() -> poller.tags(APP, Optional.empty(), MINUTE));

    assertThat(held.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(registry.fetches.get()).isEqualTo(1);
  }

  private static boolean waitingInPoller(Thread thread) {
    Thread.State state = thread.getState();
    return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
        && Arrays.stream(thread.getStackTrace())
            .anyMatch(frame -> frame.getClassName().equals(SharedPoll.class.getName()));
  }

  private interface Call {
    void run() throws RegistryException;
  }

  private static RegistryException catchRegistryException(Call call) {
    try {
      call.run();
    } catch (RegistryException e) {
      return e;
    }
    throw new AssertionError("expected a RegistryException");
  }

  /** Counts fetches; answers v1.0.0, or a scripted failure, optionally after a gate opens. */
  private static final class FakeRegistry implements Registry {
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public void close() {
      closed.incrementAndGet();
    }

    volatile RegistryException failure;
    volatile CountDownLatch gate;
    volatile List<String> answer = List.of("v1.0.0");

    @Override
    public List<String> tags() throws RegistryException {
      // what the registry holds when the request arrives, answered once the gate opens
      List<String> held = answer;
      CountDownLatch waitFor = gate;
      fetches.incrementAndGet();
      if (waitFor != null) {
        try {
          waitFor.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failure != null) {
        throw failure;
      }
      return held;
    }
  }
}
