package dev.dewy.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's optional ServiceMonitor, rendered by the real helm as HelmChartIT renders. */
class ServiceMonitorChartIT {

  @Test
  void byDefaultNoServiceMonitorIsRendered() throws Exception {
    assertThat(HelmChartIT.render()).noneMatch(o -> "ServiceMonitor".equals(o.getKind()));
  }

  @Test
  void whenEnabledItScrapesTheMetricsPortOfTheChartsService() throws Exception {
    List<HasMetadata> objects =
        HelmChartIT.render(
            "--set", "serviceMonitor.enabled=true", "--set", "serviceMonitor.labels.release=prom");

    GenericKubernetesResource monitor =
        objects.stream()
            .filter(o -> "ServiceMonitor".equals(o.getKind()))
            .map(GenericKubernetesResource.class::cast)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no ServiceMonitor rendered"));
    Service service =
        objects.stream()
            .filter(Service.class::isInstance)
            .map(Service.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo("dewy-system");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
    Map<String, String> selects = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selects);
    assertThat((List<String>) monitor.get("spec", "namespaceSelector", "matchNames"))
        .containsExactly(service.getMetadata().getNamespace());
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).containsEntry("path", "/metrics").containsEntry("interval", "30s");
              assertThat(service.getSpec().getPorts())
                  .anySatisfy(p -> assertThat(p.getName()).isEqualTo(e.get("port")));
            });
  }
}
