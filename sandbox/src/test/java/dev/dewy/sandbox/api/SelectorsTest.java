package dev.dewy.sandbox.api;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Label and field selectors as kubectl and fabric8 send them. */
class SelectorsTest {
  static final com.fasterxml.jackson.databind.JsonNode JOB =
      json(
          "{'metadata':{'name':'hook','namespace':'shop','labels':{'dewy.dev/hook':'before-deploy','tier':'x'}},"
              + "'involvedObject':{'name':'myapp'}}");

  @Test
  void labelSelectorsSupportEqualityInequalitySetsAndExistence() {
    assertThat(Selectors.of("dewy.dev/hook=before-deploy,tier", null).test(JOB)).isTrue();
    assertThat(Selectors.of("dewy.dev/hook!=before-deploy", null).test(JOB)).isFalse();
    assertThat(Selectors.of("tier in (x, y),!missing", null).test(JOB)).isTrue();
    assertThat(Selectors.of("tier notin (x)", null).test(JOB)).isFalse();
  }

  @Test
  void fieldSelectorsCompareAnyScalarPath() {
    assertThat(Selectors.of(null, "metadata.name=hook,involvedObject.name=myapp").test(JOB))
        .isTrue();
    assertThat(Selectors.of(null, "metadata.namespace!=shop").test(JOB)).isFalse();
  }
}
