package dev.dewy.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void familiesKeepTheirTypeHelpAndSamplesWithUnescapedLabels() {
    PrometheusText text =
        PrometheusText.parse(
            """
            # HELP dewy_deploys_total Deploy attempts \\\\ by result\\nsecond line
            # TYPE dewy_deploys_total counter
            dewy_deploys_total{result="succeeded"} 1.0
            dewy_deploys_total{result="a \\\\ \\"quoted\\" \\n value",other=""} 2 1700000000000
            # TYPE dewy_hook_duration_seconds histogram
            dewy_hook_duration_seconds_bucket{hook="before-deploy",le="+Inf"} 1
            dewy_hook_duration_seconds_count{hook="before-deploy"} 1
            dewy_hook_duration_seconds_sum{hook="before-deploy"} 0.3
            # TYPE process_uptime_seconds gauge
            process_uptime_seconds 1.7E9
            # TYPE unbounded gauge
            unbounded +Inf
            """);

    var deploys = text.family("dewy_deploys_total").orElseThrow();
    assertThat(deploys.type()).isEqualTo("counter");
    assertThat(deploys.help()).isEqualTo("Deploy attempts \\ by result\nsecond line");
    assertThat(
            deploys
                .sample("dewy_deploys_total", Map.of("result", "succeeded"))
                .orElseThrow()
                .value())
        .isEqualTo(1.0);
    assertThat(deploys.samples().get(1).labels())
        .isEqualTo(Map.of("result", "a \\ \"quoted\" \n value", "other", ""));
    var hooks = text.family("dewy_hook_duration_seconds").orElseThrow();
    assertThat(hooks.samples()).hasSize(3);
    assertThat(hooks.labelNames()).containsExactly("hook", "le");
    assertThat(hooks.samples().get(0).labels()).containsEntry("le", "+Inf");
    assertThat(text.family("process_uptime_seconds").orElseThrow().samples().get(0).value())
        .isEqualTo(1.7e9);
    assertThat(text.family("unbounded").orElseThrow().samples().get(0).value()).isInfinite();
  }

  @Test
  void aSampleOutsideItsFamilyOrAMalformedLineFailsWithTheLine() {
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE a_total counter\na_total 1\nb 2\n"))
        .hasMessageContaining("line 3")
        .hasMessageContaining("outside its family");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na{x=1} 1\n"))
        .hasMessageContaining("not quoted");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na one\n"))
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE a summary\na_bucket 1\n"))
        .hasMessageContaining("outside its family");
  }
}
