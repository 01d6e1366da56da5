package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.testing.Dewy;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kubernetes Events a user sees with {@code kubectl describe dewydeployment}: one per step of a
 * deploy, always written whatever the notifier, and repeats folded into one with a count.
 */
class DeployEventsIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  private static final Duration LONG = Duration.ofSeconds(60);

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  @Test
  void successfulDeployWritesStartedHookSucceededAndSucceededEvents() {
    // given
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));

    // when
    apply(registry.registryUrl("shop/web"), "echo checking", "echo smoke ok");
    harness.await("web", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    // then
    List<Event> events = awaitEvents("DeploySucceeded");
    assertThat(events)
        .allSatisfy(e -> assertThat(e.getSource().getComponent()).isEqualTo("dewy-operator"));
    assertEvent(events, "Normal", "DeployStarted", "deploying v1.1.0 (runs v1.0.0), attempt 1");
    assertThat(event(events, "BeforeHookSucceeded").getMessage())
        .startsWith("before-deploy hook succeeded for v1.1.0: exit code 0 after ");
    assertThat(event(events, "AfterHookSucceeded").getMessage())
        .startsWith("after-deploy hook succeeded for v1.1.0: exit code 0 after ");
    assertEvent(events, "Normal", "DeploySucceeded", "v1.1.0 is deployed (was v1.0.0)");
  }

  @Test
  void failingBeforeHookWritesHookFailedAndAbortedWarnings() {
    // given
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));

    // when
    apply(registry.registryUrl("shop/web"), "echo \"database is locked\" >&2; exit 3", null);

    // then
    List<Event> events = awaitEvents("DeployAborted");
    Event hookFailed = event(events, "BeforeHookFailed");
    assertThat(hookFailed.getType()).isEqualTo("Warning");
    assertThat(hookFailed.getMessage())
        .startsWith("before-deploy hook failed for v1.1.0: ")
        .contains("exit code 3 after ")
        .endsWith(": \"database is locked\"");
    Event aborted = event(events, "DeployAborted");
    assertThat(aborted.getType()).isEqualTo("Warning");
    assertThat(aborted.getMessage())
        .startsWith("before-deploy hook failed for v1.1.0: ")
        .contains("exit code 3 after ")
        .contains("\"database is locked\"; the workload was not changed; next attempt after ");
  }

  @Test
  void rolloutThatMissesItsProgressDeadlineWritesDeployFailed() {
    // given: the new tag cannot be pulled and the Deployment gives up after 2 seconds
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0-unpullable");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
    OperatorHarness.edit(
        harness.client().apps().deployments().inNamespace(harness.namespace()).withName("web"),
        d -> {
          d.getSpec().setProgressDeadlineSeconds(2);
          return d;
        });

    // when
    apply(registry.registryUrl("shop/web") + "?pre-release=true", null, null);

    // then
    Event failed = event(awaitEvents("DeployFailed"), "DeployFailed");
    assertThat(failed.getType()).isEqualTo("Warning");
    assertThat(failed.getMessage())
        .startsWith("rollout of v1.1.0-unpullable failed: ")
        .contains("(ProgressDeadlineExceeded); next attempt after ");
  }

  @Test
  void repeatedRegistryErrorIsOneEventWithACount() {
    // given: a registry on a port nobody listens on
    registry.pushImages("shop/web", "v1.0.0");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));

    // when
    apply("img://127.0.0.1:%d/shop/web".formatted(closedPort()), null, null);

    // then: one RegistryError event whose count and lastTimestamp grow (kube-apiserver keeps
    // event times to the second, so the later time shows once a repeat falls in a new second)
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                harness.events("web").stream()
                    .anyMatch(
                        e ->
                            e.getReason().equals("RegistryError")
                                && e.getCount() >= 3
                                && !e.getLastTimestamp().equals(e.getFirstTimestamp())));
    List<Event> errors =
        harness.events("web").stream().filter(e -> e.getReason().equals("RegistryError")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getType()).isEqualTo("Warning");
    assertThat(errors.get(0).getMessage()).contains("127.0.0.1");
    assertThat(Instant.parse(errors.get(0).getLastTimestamp()))
        .isAfter(Instant.parse(errors.get(0).getFirstTimestamp()));
  }

  private void apply(String registryUrl, String before, String after) {
    Dewy dewy = harness.dewy("web").registry(registryUrl);
    if (before != null) {
      dewy.beforeHook(before);
    }
    if (after != null) {
      dewy.afterHook(after);
    }
    dewy.create();
  }

  private List<Event> awaitEvents(String reason) {
    await()
        .atMost(LONG)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> harness.events("web").stream().anyMatch(e -> reason.equals(e.getReason())));
    return harness.events("web");
  }

  private static Event event(List<Event> events, String reason) {
    List<Event> matching = events.stream().filter(e -> reason.equals(e.getReason())).toList();
    assertThat(matching).as("events with reason %s", reason).hasSize(1);
    return matching.get(0);
  }

  private static void assertEvent(List<Event> events, String type, String reason, String message) {
    Event event = event(events, reason);
    assertThat(event.getType()).isEqualTo(type);
    assertThat(event.getMessage()).isEqualTo(message);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
