package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.testing.FakeGitHub;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many DewyDeployments of one GitHub repository on the real control plane: they share one poll per
 * interval, and once the release list is known an unchanged list costs only 304s, counted in the
 * operator's metrics.
 */
class GitHubSharedPollingIT {
  private static final int DEPLOYMENTS = 5;
  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final String LIST = "/api/v3/repos/shop/fleet/releases";

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  private FakeGitHub github;

  @BeforeEach
  void start() throws Exception {
    github = new FakeGitHub("shop", "fleet", Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    github.close();
  }

  @Test
  void anUnchangedReleaseListCostsOnePollOf304sPerIntervalForAllDeployments() {
    // given five suspended DewyDeployments of one repository (they poll, and change nothing)
    github.publish(
        "v1.0.0",
        false,
        Instant.now().minus(Duration.ofHours(1)),
        Map.of("fleet_linux_amd64.tar.gz", new byte[] {1}));
    ArtifactFixtures.suspendedFleet(
        harness, "fleet-", DEPLOYMENTS, github.registryUrl(""), null, INTERVAL);
    FlowFixtures.awaitLatestVersion(harness, "fleet-", DEPLOYMENTS, "v1.0.0");

    // when they keep polling for three more list requests
    github.clearLog();
    await().atMost(Duration.ofSeconds(60)).until(() -> listRequests().size() >= 3);
    List<FakeGitHub.Request> polls = listRequests();

    // then every one was a 304, and they came no faster than one per interval for all five
    assertThat(polls).extracting(FakeGitHub.Request::status).containsOnly(304);
    Duration spread = Duration.between(polls.get(0).at(), polls.get(polls.size() - 1).at());
    assertThat(polls.size() - 1L)
        .as("list requests %s apart in %s", INTERVAL, spread)
        .isLessThanOrEqualTo(spread.dividedBy(INTERVAL.minusMillis(500)));
    assertThat(
            harness
                .scrapeMetrics()
                .family("dewy_registry_requests_total")
                .orElseThrow()
                .sample("dewy_registry_requests_total", Map.of("scheme", "ghr", "code", "304"))
                .orElseThrow()
                .value())
        .isGreaterThanOrEqualTo(3);
  }

  private List<FakeGitHub.Request> listRequests() {
    return github.requests().stream().filter(r -> r.path().equals(LIST)).toList();
  }
}
