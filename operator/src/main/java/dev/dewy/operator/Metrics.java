package dev.dewy.operator;

import dev.dewy.operator.deploy.PassTimes;
import dev.dewy.operator.notify.DeliveryCounters;

/** Renders what the operator counts in the Prometheus text format, for /metrics. */
final class Metrics {
  private Metrics() {}

  static String render(DeliveryCounters notifications, PassTimes passes) {
    StringBuilder out = new StringBuilder();
    out.append("# HELP dewy_up 1 while the operator runs.\n");
    out.append("# TYPE dewy_up gauge\ndewy_up 1\n");
    out.append(
        "# HELP dewy_notifications_total Notifications by outcome: sent, failed (after the"
            + " retry), dropped (queue full), throttled (repeated error), quieted (quiet=true).\n");
    out.append("# TYPE dewy_notifications_total counter\n");
    counter(out, "sent", notifications.sent());
    counter(out, "failed", notifications.failed());
    counter(out, "dropped", notifications.dropped());
    counter(out, "throttled", notifications.throttled());
    counter(out, "quieted", notifications.quieted());
    out.append(
        "# HELP dewy_noop_reconcile_duration_seconds How long the reconcile passes that found nothing to do (no write) took, the last 4096.\n");
    out.append("# TYPE dewy_noop_reconcile_duration_seconds summary\n");
    for (double q : new double[] {0.5, 0.9, 0.99}) {
      out.append("dewy_noop_reconcile_duration_seconds{quantile=\"")
          .append(q)
          .append("\"} ")
          .append(passes.quantile(q).toNanos() / 1e9)
          .append('\n');
    }
    out.append("dewy_noop_reconcile_duration_seconds_count ").append(passes.count()).append('\n');
    return out.toString();
  }

  private static void counter(StringBuilder out, String outcome, long value) {
    out.append("dewy_notifications_total{outcome=\"")
        .append(outcome)
        .append("\"} ")
        .append(value)
        .append('\n');
  }
}
