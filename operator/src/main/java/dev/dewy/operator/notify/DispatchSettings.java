package dev.dewy.operator.notify;

import java.time.Duration;

/**
 * Limits of the dispatcher: queue length per DewyDeployment, deadline of one send attempt, and the
 * pause before the single retry.
 */
public record DispatchSettings(int queueCapacity, Duration sendTimeout, Duration retryBackoff) {
  public DispatchSettings {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be at least 1, not " + queueCapacity);
    }
  }

  public static DispatchSettings defaults() {
    return new DispatchSettings(100, Duration.ofSeconds(15), Duration.ofSeconds(2));
  }
}
