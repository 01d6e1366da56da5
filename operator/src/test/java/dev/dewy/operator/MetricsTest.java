package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.deploy.PassTimes;
import dev.dewy.operator.notify.DeliveryCounters;
import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void notificationOutcomesAreCountersInThePrometheusTextFormat() {
    String text = Metrics.render(new DeliveryCounters(), new PassTimes());
    assertThat(text)
        .contains("# TYPE dewy_notifications_total counter\n")
        .contains("dewy_notifications_total{outcome=\"sent\"} 0\n")
        .contains("dewy_notifications_total{outcome=\"failed\"} 0\n")
        .contains("dewy_up 1\n");
  }
}
