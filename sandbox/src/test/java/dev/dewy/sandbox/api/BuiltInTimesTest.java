package dev.dewy.sandbox.api;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Timestamps of built-in kinds, kept as kube-apiserver keeps them (compared in DifferentialIT). */
class BuiltInTimesTest {
  private static final ResourceType EVENTS =
      ResourceType.builtIn("", "v1", "events", "Event", true, false);
  private static final ResourceType LEASES =
      ResourceType.builtIn("coordination.k8s.io", "v1", "leases", "Lease", true, false);

  @Test
  void aTimeIsKeptToTheSecondInUtcAndAnEmptyOneIsNull() {
    ObjectNode event =
        (ObjectNode)
            json(
                "{'firstTimestamp':'2026-03-15T10:30:45.123Z','lastTimestamp':'2026-03-15T12:30:46+02:00',"
                    + "'eventTime':'2026-03-15T10:30:45.123456Z','series':{'lastObservedTime':''},"
                    + "'metadata':{'annotations':{'startTime':'not a time'}}}");

    BuiltInTimes.apply(EVENTS, event);

    assertThat(event)
        .isEqualTo(
            json(
                "{'firstTimestamp':'2026-03-15T10:30:45Z','lastTimestamp':'2026-03-15T10:30:46Z',"
                    + "'eventTime':'2026-03-15T10:30:45.123456Z','series':{'lastObservedTime':null},"
                    + "'metadata':{'annotations':{'startTime':'not a time'}}}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2026-03-15T10:30:45.123456789Z | parsing time "2026-03-15T10:30:45.123456789Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "789Z" as "Z07:00"
          2026-03-15T10:30:46.5Z         | parsing time "2026-03-15T10:30:46.5Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".5Z" as ".000000"
          2026-03-15 10:30:46.500000Z    | parsing time "2026-03-15 10:30:46.500000Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse " 10:30:46.500000Z" as "T"
          2026-13-15T10:30:46.500000Z    | parsing time "2026-13-15T10:30:46.500000Z": month out of range
          """)
  void aMicroTimeWithoutSixFractionDigitsIsRefusedInGosWords(String value, String error) {
    ObjectNode lease = (ObjectNode) json("{'spec':{'renewTime':'" + value + "'}}");

    assertThatThrownBy(() -> BuiltInTimes.apply(LEASES, lease))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage())
                  .isEqualTo("Lease in version \"v1\" cannot be handled as a Lease: " + error);
            });
  }
}
