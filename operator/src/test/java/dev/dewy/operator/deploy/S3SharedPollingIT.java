package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.LocalS3;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many DewyDeployments of one s3:// prefix on the real control plane share one listing per
 * interval, counted by the S3-compatible server itself.
 */
class S3SharedPollingIT {
  private static final int DEPLOYMENTS = 10;
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration WINDOW = Duration.ofSeconds(6);

  @RegisterExtension static final LocalS3 s3 = new LocalS3("releases");

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void tenDeploymentsOfOnePrefixShareOneListingPerInterval() throws Exception {
    // given ten suspended DewyDeployments of one prefix (they poll, and change nothing)
    String prefix = "fleet/" + UUID.randomUUID();
    s3.put(prefix + "/v1.0.0/fleet_linux_amd64.tar.gz", new byte[] {1});
    ArtifactFixtures.s3Keys(harness, "s3-keys", true);
    ArtifactFixtures.suspendedFleet(
        harness, "fleet-", DEPLOYMENTS, s3.url(prefix, ""), "s3-keys", INTERVAL);
    FlowFixtures.awaitLatestVersion(harness, "fleet-", DEPLOYMENTS, "v1.0.0");

    // when they keep polling for a measured window (a measurement, not a synchronisation)
    s3.resetListings();
    Thread.sleep(WINDOW.toMillis());
    long listings = s3.listings(prefix + "/");

    // then
    long intervals = WINDOW.dividedBy(INTERVAL);
    System.out.printf(
        "S3SharedPollingIT: %d DewyDeployments, interval %ss, %d listings in %ss"
            + " (unshared would be about %d)%n",
        DEPLOYMENTS, INTERVAL.toSeconds(), listings, WINDOW.toSeconds(), DEPLOYMENTS * intervals);
    assertThat(listings).isBetween(1L, intervals + 2);
  }
}
