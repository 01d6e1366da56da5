package dev.dewy.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;

/**
 * What the registry clients count: every HTTP request by scheme and status code (304s and 429s
 * included; "error" when no answer came), and the polls a 429's Retry-After held back.
 */
public final class RegistryMeters {
  /** The code of a request that got no HTTP answer (refused, timed out, TLS failure). */
  public static final String NO_ANSWER = "error";

  /** The schemes whose registries are polled today (see RegistryFactory). */
  private static final List<String> POLLED_SCHEMES = List.of("img", "ghr");

  private final MeterRegistry registry;

  RegistryMeters(MeterRegistry registry) {
    this.registry = registry;
    POLLED_SCHEMES.forEach(this::rateLimitWaits);
  }

  /** Counts nothing: for tests and tools that poll without /metrics. */
  public static RegistryMeters discarded() {
    return new RegistryMeters(new CompositeMeterRegistry());
  }

  /** A request to a registry of {@code scheme} ended with {@code code} (or {@link #NO_ANSWER}). */
  public void request(String scheme, String code) {
    Counter.builder(MeterNames.REGISTRY_REQUESTS)
        .description(
            "HTTP requests to registries (tags, tokens) by scheme and status code; error: no"
                + " answer")
        .tag("scheme", scheme)
        .tag("code", code)
        .register(registry)
        .increment();
  }

  /** A poll was answered from a rate-limit failure, since its Retry-After had not passed. */
  public void rateLimitWait(String scheme) {
    rateLimitWaits(scheme).increment();
  }

  private Counter rateLimitWaits(String scheme) {
    return Counter.builder(MeterNames.REGISTRY_RATE_LIMIT_WAITS)
        .description("Polls held back because a registry's 429 Retry-After had not passed")
        .tag("scheme", scheme)
        .register(registry);
  }
}
