package dev.dewy.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.notify.DeliveryCounters;
import dev.dewy.operator.testing.PrometheusText;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  private final OperatorMetrics metrics = new OperatorMetrics();

  @AfterEach
  void close() {
    metrics.close();
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(metrics.scrape());
  }

  private double value(String family, String sample, Map<String, String> labels) {
    return scrape().family(family).orElseThrow().sample(sample, labels).orElseThrow().value();
  }

  @Test
  void beforeAnyDeployEveryResultHookAndNotificationOutcomeIsThereAtZero() {
    metrics.notifications(new DeliveryCounters());
    PrometheusText text = scrape();

    assertThat(text.family("dewy_deploys_total").orElseThrow().samples())
        .extracting(s -> s.labels().get("result"))
        .containsExactlyInAnyOrder(
            "succeeded", "aborted", "failed", "rolledback", "interrupted", "notapproved");
    assertThat(text.family("dewy_hook_runs_total").orElseThrow().samples()).hasSize(4);
    assertThat(text.family("dewy_notifications_total").orElseThrow().samples())
        .extracting(s -> s.labels().get("outcome"))
        .containsExactlyInAnyOrder("sent", "failed", "dropped", "throttled", "quieted");
    assertThat(text.family("dewy_registry_rate_limit_waits_total").orElseThrow().samples())
        .allSatisfy(s -> assertThat(s.value()).isZero())
        .extracting(s -> s.labels().get("scheme"))
        .containsExactlyInAnyOrder("img", "ghr");
  }

  @Test
  void hookRunsFillTheHistogramBucketsOfTheirHookAndResult() {
    metrics.deploys().hookRan("before-deploy", false, Duration.ofSeconds(3));
    metrics.deploys().deployEnded(DeployResult.Aborted);

    Map<String, String> failed = Map.of("hook", "before-deploy", "result", "failed");
    String family = "dewy_hook_duration_seconds";
    assertThat(value("dewy_hook_runs_total", "dewy_hook_runs_total", failed)).isEqualTo(1);
    assertThat(value(family, family + "_bucket", with(failed, "le", "1.0"))).isZero();
    assertThat(value(family, family + "_bucket", with(failed, "le", "5.0"))).isEqualTo(1);
    assertThat(value(family, family + "_sum", failed)).isEqualTo(3.0);
    assertThat(value("dewy_deploys_total", "dewy_deploys_total", Map.of("result", "aborted")))
        .isEqualTo(1);
  }

  @Test
  void aNewVersionReplacesTheInfoSeriesAndForgetRemovesEverySeriesOfTheDewyDeployment() {
    DeployMeters deploys = metrics.deploys();
    deploys.observed("shop", "web", "v1.0.0", "v1.1.0", null);
    deploys.observed("shop", "web", "v1.1.0", "v1.1.0", Instant.ofEpochSecond(1_700_000_000));

    PrometheusText text = scrape();
    assertThat(text.family("dewy_current_version_info").orElseThrow().samples())
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("version", "v1.1.0"));
    String last = "dewy_last_successful_deploy_timestamp_seconds";
    assertThat(value(last, last, Map.of("namespace", "shop", "name", "web")))
        .isEqualTo(1_700_000_000.0);

    deploys.forget("shop", "web");

    assertThat(scrape().families().values())
        .flatExtracting(PrometheusText.Family::samples)
        .noneMatch(s -> "web".equals(s.labels().get("name")));
  }

  @Test
  void registryRequestsAreCountedBySchemeAndCode() {
    metrics.registries().request("img", "304");
    metrics.registries().request("img", "304");
    metrics.registries().request("img", RegistryMeters.NO_ANSWER);
    metrics.registries().rateLimitWait("img");

    String requests = "dewy_registry_requests_total";
    assertThat(value(requests, requests, Map.of("scheme", "img", "code", "304"))).isEqualTo(2);
    assertThat(value(requests, requests, Map.of("scheme", "img", "code", "error"))).isEqualTo(1);
    String waits = "dewy_registry_rate_limit_waits_total";
    assertThat(value(waits, waits, Map.of("scheme", "img"))).isEqualTo(1);
  }

  @Test
  void noopPassesAreASummaryWithTheBenchmarksQuantiles() {
    metrics.deploys().noopPass(Duration.ofMillis(2));

    var summary = scrape().family("dewy_noop_reconcile_duration_seconds").orElseThrow();
    assertThat(summary.type()).isEqualTo("summary");
    assertThat(summary.samples())
        .extracting(s -> s.labels().get("quantile"))
        .contains("0.5", "0.9", "0.99");
    assertThat(
            summary
                .sample("dewy_noop_reconcile_duration_seconds_count", Map.of())
                .orElseThrow()
                .value())
        .isEqualTo(1);
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    var all = new java.util.HashMap<>(labels);
    all.put(key, value);
    return all;
  }
}
