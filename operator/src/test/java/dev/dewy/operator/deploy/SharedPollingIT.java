package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many DewyDeployments on one registry location cost the registry one poll per interval. */
class SharedPollingIT {
  private static final int DEPLOYMENTS = 20;
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration WINDOW = Duration.ofSeconds(6);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void twentyDeploymentsOnOneRegistryShareOnePollPerInterval() throws InterruptedException {
    // given 20 DewyDeployments on one repository (half with a different version policy, which
    // does not change where the tags come from)
    registry.pushImages("shop/fleet", "v1.0.0", "v1.0.1-rc.1");
    IntStream.range(0, DEPLOYMENTS)
        .forEach(
            i -> {
              String name = "fleet-" + i;
              harness.deployment(name, registry.imageReference("shop/fleet", "v1.0.0"));
              String options = i % 2 == 0 ? "" : "?pre-release=false";
              harness
                  .dewy(name)
                  .registry(registry.registryUrl("shop/fleet") + options)
                  .interval("2s")
                  .create();
            });
    FlowFixtures.awaitLatestVersion(harness, "fleet-", DEPLOYMENTS, "v1.0.0");

    // when they keep polling for a measured window (a measurement, not a synchronisation)
    registry.resetRequests();
    Thread.sleep(WINDOW.toMillis());
    long requests = registry.tagListRequests("shop/fleet");

    // then
    long intervals = WINDOW.dividedBy(INTERVAL);
    System.out.printf(
        "SharedPollingIT: %d DewyDeployments, interval %ss, %d tags-list requests in %ss"
            + " (unshared would be about %d)%n",
        DEPLOYMENTS, INTERVAL.toSeconds(), requests, WINDOW.toSeconds(), DEPLOYMENTS * intervals);
    assertThat(requests).isBetween(1L, intervals + 2);
    IntStream.range(0, DEPLOYMENTS)
        .forEach(
            i -> assertThat(harness.get("fleet-" + i).getStatus().getLastCheckedAt()).isNotNull());
  }

  @Test
  void twentyPinnedDeploymentsOfOneTagShareOneDigestLookupPerInterval()
      throws InterruptedException {
    // given 20 DewyDeployments whose workloads run v1.0.0 pinned to its digest: each poll checks
    // whether the tag was pushed again
    registry.pushImages("shop/pinned", "v1.0.0");
    String pinned = registry.pinnedReference("shop/pinned", "v1.0.0");
    IntStream.range(0, DEPLOYMENTS)
        .forEach(
            i -> {
              String name = "pinned-" + i;
              harness.deployment(name, pinned);
              harness
                  .dewy(name)
                  .registry(registry.registryUrl("shop/pinned"))
                  .interval("2s")
                  .create();
            });
    IntStream.range(0, DEPLOYMENTS)
        .forEach(
            i ->
                harness.await(
                    "pinned-" + i,
                    Duration.ofSeconds(60),
                    d -> pinned.endsWith("@" + d.getStatus().getCurrentDigest())));

    // when they keep polling for a measured window (a measurement, not a synchronisation)
    registry.resetRequests();
    Thread.sleep(WINDOW.toMillis());
    long heads = registry.manifestHeadRequests("shop/pinned", "v1.0.0");

    // then
    long intervals = WINDOW.dividedBy(INTERVAL);
    System.out.printf(
        "SharedPollingIT: %d pinned DewyDeployments, interval %ss, %d manifest HEADs in %ss"
            + " (unshared would be about %d)%n",
        DEPLOYMENTS, INTERVAL.toSeconds(), heads, WINDOW.toSeconds(), DEPLOYMENTS * intervals);
    assertThat(heads).isBetween(1L, intervals + 2);
    IntStream.range(0, DEPLOYMENTS)
        .forEach(i -> assertThat(harness.get("pinned-" + i).getStatus().getTagRepush()).isNull());
  }
}
