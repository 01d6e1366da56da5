package dev.dewy.operator.metrics;

import dev.dewy.operator.notify.DeliveryCounters;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Everything /metrics shows, on one Micrometer registry in Prometheus form: JOSDK's reconcile
 * metrics, the JVM's, and the operator's own series ({@link DeployMeters}, {@link RegistryMeters},
 * notifications). Label sets stay bounded: the only per-resource labels are a DewyDeployment's
 * namespace and name, and versions only in the info series.
 */
public final class OperatorMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final DeployMeters deploys;
  private final RegistryMeters registries;

  public OperatorMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    deploys = new DeployMeters(registry);
    registries = new RegistryMeters(registry);
  }

  /** JOSDK's reconcile counts, durations and queue sizes, per controller (not per resource). */
  public Metrics reconciles() {
    return MicrometerMetrics.withoutPerResourceMetrics(registry);
  }

  public DeployMeters deploys() {
    return deploys;
  }

  public RegistryMeters registries() {
    return registries;
  }

  /** Counts what became of each notification, read from the dispatcher's own counters. */
  public void notifications(DeliveryCounters counters) {
    notification(counters, "sent", DeliveryCounters::sent);
    notification(counters, "failed", DeliveryCounters::failed);
    notification(counters, "dropped", DeliveryCounters::dropped);
    notification(counters, "throttled", DeliveryCounters::throttled);
    notification(counters, "quieted", DeliveryCounters::quieted);
  }

  private void notification(
      DeliveryCounters counters, String outcome, ToDoubleFunction<DeliveryCounters> count) {
    FunctionCounter.builder(MeterNames.NOTIFICATIONS, counters, count)
        .description(
            "Notifications by outcome: sent, failed (after the retry), dropped (queue full),"
                + " throttled (repeated error), quieted (quiet=true)")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** The registry, for tests and for binders of our own. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Every series in the Prometheus text format (0.0.4), for /metrics. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
