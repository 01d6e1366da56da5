package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.operator.testing.PrometheusText;
import dev.dewy.operator.testing.PrometheusText.Family;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /metrics of a running operator after one deploy with both hooks, read as Prometheus reads it:
 * every series the README lists, with its type and labels, and the values one deploy leaves.
 */
class MetricsIT {
  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  /** A series as the README's Metrics section lists it. */
  record Listed(String name, String type, Set<String> labels) {
    Listed(String name, String type, String... labels) {
      this(name, type, Set.of(labels));
    }
  }

  /** The README's list, in its order. */
  static final List<Listed> LISTED =
      List.of(
          new Listed("dewy_deploys_total", "counter", "result"),
          new Listed("dewy_hook_runs_total", "counter", "hook", "result"),
          new Listed("dewy_hook_duration_seconds", "histogram", "hook", "result", "le"),
          new Listed("dewy_registry_requests_total", "counter", "scheme", "code"),
          new Listed("dewy_registry_rate_limit_waits_total", "counter", "scheme"),
          new Listed("dewy_current_version_info", "gauge", "namespace", "name", "version"),
          new Listed("dewy_newest_version_info", "gauge", "namespace", "name", "version"),
          new Listed("dewy_last_successful_deploy_timestamp_seconds", "gauge", "namespace", "name"),
          new Listed("dewy_notifications_total", "counter", "outcome"),
          new Listed("dewy_noop_reconcile_duration_seconds", "summary", "quantile"),
          new Listed(
              "operator_sdk_reconciliations_started_total",
              "counter",
              "group",
              "version",
              "kind",
              "scope",
              "reconciliations_retries_last",
              "reconciliations_retries_number"),
          new Listed(
              "operator_sdk_reconciliations_success_total",
              "counter",
              "group",
              "version",
              "kind",
              "scope"),
          new Listed(
              "operator_sdk_controllers_execution_reconcile_seconds",
              "histogram",
              "controller",
              "resource_group",
              "resource_version",
              "resource_kind",
              "resource_scope",
              "le"),
          new Listed(
              "operator_sdk_controllers_execution_reconcile_success_total",
              "counter",
              "controller",
              "type"),
          new Listed(
              "operator_sdk_reconciliations_executions_dewydeployment",
              "gauge",
              "group",
              "version",
              "kind"),
          new Listed(
              "operator_sdk_reconciliations_queue_size_dewydeployment",
              "gauge",
              "group",
              "version",
              "kind"),
          new Listed(
              "operator_sdk_events_received_total",
              "counter",
              "event",
              "action",
              "group",
              "version",
              "kind",
              "scope"),
          new Listed("jvm_memory_used_bytes", "gauge", "area", "id"),
          new Listed("jvm_memory_committed_bytes", "gauge", "area", "id"),
          new Listed("jvm_memory_max_bytes", "gauge", "area", "id"),
          new Listed("jvm_gc_pause_seconds", "summary", "action", "cause", "gc"),
          new Listed("jvm_threads_live_threads", "gauge"),
          new Listed("process_uptime_seconds", "gauge"));

  @Test
  void afterOneDeployWithBothHooksEveryListedSeriesIsThereWithItsTypeAndLabels() {
    DewyDeployment dd = deployWithBothHooks();

    // Micrometer registers the GC pause timer at the first collection after the registry starts:
    // a running operator has had many, the one this test started in its JVM may have had none
    System.gc();
    PrometheusText metrics =
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(harness::scrapeMetrics, m -> m.family("jvm_gc_pause_seconds").isPresent());

    for (Listed listed : LISTED) {
      Family family =
          metrics
              .family(listed.name())
              .orElseThrow(
                  () ->
                      new AssertionError(
                          listed.name() + " is not on /metrics, which has " + metrics.families()));
      assertThat(family.type()).as(listed.name() + " type").isEqualTo(listed.type());
      assertThat(family.labelNames())
          .as(listed.name() + " labels")
          .containsExactlyInAnyOrderElementsOf(listed.labels());
      assertThat(family.help()).as(listed.name() + " help").isNotNull();
    }
    String ns = harness.namespace();
    Map<String, String> web = Map.of("namespace", ns, "name", "web");
    assertThat(value(metrics, "dewy_deploys_total", Map.of("result", "succeeded"))).isEqualTo(1);
    assertThat(value(metrics, "dewy_deploys_total", Map.of("result", "aborted"))).isZero();
    for (String hook : List.of("before-deploy", "after-deploy")) {
      Map<String, String> ran = Map.of("hook", hook, "result", "succeeded");
      assertThat(value(metrics, "dewy_hook_runs_total", ran)).as(hook).isEqualTo(1);
      assertThat(
              sample(
                  metrics, "dewy_hook_duration_seconds", "dewy_hook_duration_seconds_count", ran))
          .as(hook + " duration count")
          .isEqualTo(1);
    }
    assertThat(
            value(metrics, "dewy_registry_requests_total", Map.of("scheme", "img", "code", "200")))
        .isGreaterThanOrEqualTo(1);
    assertThat(value(metrics, "dewy_registry_rate_limit_waits_total", Map.of("scheme", "img")))
        .isZero();
    assertThat(value(metrics, "dewy_current_version_info", with(web, "version", "v1.1.0")))
        .isEqualTo(1);
    assertThat(value(metrics, "dewy_newest_version_info", with(web, "version", "v1.1.0")))
        .isEqualTo(1);
    assertThat(metrics.family("dewy_current_version_info").orElseThrow().samples())
        .as("one current version per DewyDeployment")
        .filteredOn(s -> s.labels().get("namespace").equals(ns))
        .hasSize(1);
    Instant deployed = Instant.parse(dd.getStatus().getHistory().get(0).getFinishedAt());
    assertThat(value(metrics, "dewy_last_successful_deploy_timestamp_seconds", web))
        .isEqualTo(deployed.getEpochSecond());
    for (String outcome : List.of("sent", "failed", "dropped", "throttled", "quieted")) {
      assertThat(value(metrics, "dewy_notifications_total", Map.of("outcome", outcome)))
          .as(outcome)
          .isZero();
    }
    for (String q : List.of("0.5", "0.9", "0.99")) {
      assertThat(
              metrics
                  .family("dewy_noop_reconcile_duration_seconds")
                  .orElseThrow()
                  .sample("dewy_noop_reconcile_duration_seconds", Map.of("quantile", q)))
          .as("quantile " + q)
          .isPresent();
    }
    assertThat(value(metrics, "operator_sdk_reconciliations_started_total", Map.of()))
        .isGreaterThanOrEqualTo(1);
    // one pool of the heap may be empty at the scrape (a survivor space after a collection); the
    // heap as a whole is not
    assertThat(
            metrics.family("jvm_memory_used_bytes").orElseThrow().samples().stream()
                .filter(sample -> "heap".equals(sample.labels().get("area")))
                .mapToDouble(PrometheusText.Sample::value)
                .sum())
        .isPositive();
  }

  @Test
  void versionsAppearOnlyInTheInfoSeriesAndADeletedDewyDeploymentsSeriesGo() {
    deployWithBothHooks();
    String ns = harness.namespace();

    PrometheusText metrics = harness.scrapeMetrics();
    metrics
        .families()
        .values()
        .forEach(
            family -> {
              if (!family.name().endsWith("_info")) {
                assertThat(family.samples())
                    .as(family.name() + " carries no version label")
                    .allSatisfy(
                        s -> assertThat(s.labels().values()).doesNotContain("v1.0.0", "v1.1.0"));
              }
            });

    harness.client().resource(harness.get("web")).delete();

    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(harness.scrapeMetrics().families().values())
                    .flatExtracting(Family::samples)
                    .as("series of the deleted DewyDeployment")
                    .noneMatch(s -> ns.equals(s.labels().get("namespace"))));
  }

  /** Pushes v1.0.0 and v1.1.0 and waits until "web" deployed v1.1.0 between both hooks. */
  private DewyDeployment deployWithBothHooks() {
    registry.pushImages("metrics/web", "v1.0.0", "v1.1.0");
    harness.deployment("web", registry.imageReference("metrics/web", "v1.0.0"));
    harness
        .dewy("web")
        .registry(registry.registryUrl("metrics/web"))
        .beforeHook("echo \"checking $DEWY_VERSION\"")
        .afterHook("echo \"deployed $DEWY_VERSION\"")
        .create();
    return harness.await(
        "web",
        Duration.ofSeconds(60),
        d ->
            "v1.1.0".equals(d.getStatus().getCurrentVersion())
                && d.getStatus().getHooks() != null
                && d.getStatus().getHooks().getAfterDeploy() != null
                && d.getStatus().getHistory() != null
                && !d.getStatus().getHistory().isEmpty());
  }

  private static double value(PrometheusText metrics, String family, Map<String, String> labels) {
    return sample(metrics, family, family, labels);
  }

  private static double sample(
      PrometheusText metrics, String family, String sample, Map<String, String> labels) {
    return metrics
        .family(family)
        .orElseThrow(() -> new AssertionError(family + " is not on /metrics"))
        .sample(sample, labels)
        .orElseThrow(() -> new AssertionError(sample + labels + " is not on /metrics"))
        .value();
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    var all = new java.util.HashMap<>(labels);
    all.put(key, value);
    return all;
  }
}
