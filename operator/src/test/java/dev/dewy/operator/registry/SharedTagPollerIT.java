package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many DewyDeployments of one image, one request per interval at the real registry. */
class SharedTagPollerIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  private static final int CALLERS = 200;
  private static final Duration INTERVAL = Duration.ofMinutes(1);

  @Test
  void twoHundredCallersOfOneImageMakeOneTagsRequestPerInterval() throws Exception {
    // given
    registry.pushImages("shop/popular", "v1.0.0", "v1.1.0");
    TestClock clock = TestClock.at("2026-03-15T10:30:00Z");
    SharedTagPoller poller =
        new SharedTagPoller(
            new RegistryFactory(
                    new RegistryHttp(Duration.ofSeconds(5), Duration.ofSeconds(30)), clock)
                ::open,
            clock);
    registry.resetRequests();

    // when two hundred callers poll, some asking for pre-releases, in two intervals
    List<TagListing> first = pollConcurrently(poller);
    long afterFirstInterval = registry.tagListRequests("shop/popular");
    clock.advance(INTERVAL);
    List<TagListing> second = pollConcurrently(poller);

    // then
    assertThat(afterFirstInterval).isEqualTo(1);
    assertThat(registry.tagListRequests("shop/popular")).isEqualTo(2);
    assertThat(first)
        .hasSize(CALLERS)
        .allSatisfy(l -> assertThat(l.tags()).containsExactlyInAnyOrder("v1.0.0", "v1.1.0"));
    assertThat(second).hasSize(CALLERS).allMatch(l -> l.fetchedAt().equals(clock.instant()));
  }

  private static List<TagListing> pollConcurrently(SharedTagPoller poller) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Future<TagListing>> futures = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        String url = registry.registryUrl("shop/popular") + (i % 2 == 0 ? "" : "?pre-release=true");
        futures.add(
            pool.submit(() -> poller.tags(RegistryUrl.parse(url), Optional.empty(), INTERVAL)));
      }
      List<TagListing> listings = new ArrayList<>();
      for (Future<TagListing> future : futures) {
        listings.add(future.get(60, TimeUnit.SECONDS));
      }
      return listings;
    } finally {
      pool.shutdownNow();
    }
  }
}
