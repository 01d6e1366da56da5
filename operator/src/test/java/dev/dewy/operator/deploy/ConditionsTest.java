package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Instant T0 = Instant.parse("2026-03-15T10:30:45.678Z");
  private static final Instant T1 = Instant.parse("2026-03-15T11:00:00Z");

  @Test
  void givenNoConditionWhenSetThenItIsAddedWithTransitionTimeAndGeneration() {
    List<Condition> conditions = new ArrayList<>();

    Conditions.set(
        conditions, Conditions.READY, Conditions.TRUE, Reasons.UP_TO_DATE, "v1 deployed", 3L, T0);

    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("UpToDate");
              assertThat(c.getMessage()).isEqualTo("v1 deployed");
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-15T10:30:45Z");
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
            });
  }

  @Test
  void givenSameStatusWhenSetAgainThenTransitionTimeStaysButMessageMoves() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(
        conditions,
        Conditions.READY,
        Conditions.FALSE,
        Reasons.BEFORE_HOOK_FAILED,
        "exit 1",
        3L,
        T0);

    Conditions.set(
        conditions, Conditions.READY, Conditions.FALSE, Reasons.REGISTRY_ERROR, "timeout", 4L, T1);

    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-15T10:30:45Z");
              assertThat(c.getReason()).isEqualTo("RegistryError");
              assertThat(c.getMessage()).isEqualTo("timeout");
              assertThat(c.getObservedGeneration()).isEqualTo(4L);
            });
  }

  @Test
  void givenFlippedStatusWhenSetThenTransitionTimeMoves() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, Conditions.READY, Conditions.FALSE, Reasons.DEPLOYING, "", 3L, T0);

    Conditions.set(conditions, Conditions.READY, Conditions.TRUE, Reasons.UP_TO_DATE, "", 3L, T1);

    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2026-03-15T11:00:00Z");
    assertThat(conditions.get(0).getStatus()).isEqualTo(Conditions.TRUE);
  }

  @Test
  void givenSeveralTypesWhenOneIsRemovedThenOthersStay() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, Conditions.READY, Conditions.FALSE, Reasons.DEPLOYING, "", 1L, T0);
    Conditions.set(
        conditions, Conditions.RECONCILING, Conditions.TRUE, Reasons.DEPLOYING, "", 1L, T0);

    Conditions.remove(conditions, Conditions.RECONCILING);

    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready");
    assertThat(Conditions.find(conditions, Conditions.STALLED)).isEmpty();
    assertThat(conditions.get(0).getStatus()).isEqualTo(Conditions.FALSE);
  }
}
