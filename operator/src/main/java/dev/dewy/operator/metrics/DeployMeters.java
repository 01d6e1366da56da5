package dev.dewy.operator.metrics;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the deploy flow counts: deploys by result, hook runs with their durations, no-op passes, and
 * per DewyDeployment its current and newest version (info series) and the time of its last
 * successful deploy. A DewyDeployment's series go when it is deleted ({@link #forget}).
 */
public final class DeployMeters {
  /** Hooks run for seconds to minutes: these bounds tell a quick check from a long migration. */
  private static final Duration[] HOOK_BUCKETS = {
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30)
  };

  /** The hooks' labels, as HookKind names them. */
  private static final List<String> HOOKS = List.of("before-deploy", "after-deploy");

  private final MeterRegistry registry;
  private final Timer noops;
  private final Map<Key, Series> series = new ConcurrentHashMap<>();

  DeployMeters(MeterRegistry registry) {
    this.registry = registry;
    this.noops =
        Timer.builder(MeterNames.NOOP_RECONCILE)
            .description(
                "How long the reconcile passes that found nothing to do (no write) took, over the"
                    + " last 5 minutes")
            .publishPercentiles(0.5, 0.9, 0.99)
            .distributionStatisticExpiry(Duration.ofMinutes(5))
            .register(registry);
    // every result and hook shows from the start, at 0, so that a rate() has a first sample
    for (DeployResult result : DeployResult.values()) {
      deploys(result);
    }
    for (String hook : HOOKS) {
      for (boolean succeeded : new boolean[] {true, false}) {
        hookRuns(hook, succeeded);
        hookDurations(hook, succeeded);
      }
    }
  }

  /** Counts nothing: for tests and tools that run the flow without /metrics. */
  public static DeployMeters discarded() {
    return new DeployMeters(new CompositeMeterRegistry());
  }

  /**
   * A deploy attempt ended: succeeded, aborted (before-deploy hook) failed (rollout) or
   * notapproved.
   */
  public void deployEnded(DeployResult result) {
    deploys(result).increment();
  }

  /** A hook ran: {@code hook} is before-deploy or after-deploy; {@code took} may be null. */
  public void hookRan(String hook, boolean succeeded, Duration took) {
    hookRuns(hook, succeeded).increment();
    if (took != null) {
      hookDurations(hook, succeeded).record(took);
    }
  }

  private Counter deploys(DeployResult result) {
    return Counter.builder(MeterNames.DEPLOYS)
        .description(
            "Deploy attempts by result: succeeded, aborted (before hook), failed, rolledback,"
                + " interrupted, notapproved")
        .tag("result", result.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  private Counter hookRuns(String hook, boolean succeeded) {
    return Counter.builder(MeterNames.HOOK_RUNS)
        .description("Hook runs by hook and result")
        .tags(hookTags(hook, succeeded))
        .register(registry);
  }

  private Timer hookDurations(String hook, boolean succeeded) {
    return Timer.builder(MeterNames.HOOK_DURATION)
        .description("How long hooks ran, by hook and result")
        .tags(hookTags(hook, succeeded))
        .serviceLevelObjectives(HOOK_BUCKETS)
        .register(registry);
  }

  private static Tags hookTags(String hook, boolean succeeded) {
    return Tags.of("hook", hook, "result", succeeded ? "succeeded" : "failed");
  }

  /** A reconcile pass found nothing to do and wrote nothing. */
  public void noopPass(Duration took) {
    noops.record(took);
  }

  /**
   * What a DewyDeployment's status says after a pass: the version it runs, the newest the registry
   * offers, and when it last deployed successfully (each may be null).
   */
  public void observed(
      String namespace, String name, String current, String newest, Instant lastSuccess) {
    Key key = new Key(namespace, name);
    Series s = series.computeIfAbsent(key, k -> new Series());
    synchronized (s) {
      s.current = info(s.current, MeterNames.CURRENT_VERSION, key, current, "runs");
      s.newest = info(s.newest, MeterNames.NEWEST_VERSION, key, newest, "the registry offers");
      if (lastSuccess != null) {
        if (s.lastSuccess == null) {
          s.lastSuccess =
              Gauge.builder(MeterNames.LAST_SUCCESSFUL_DEPLOY, s, Series::lastSuccessSeconds)
                  .description("When the DewyDeployment last deployed successfully (Unix time)")
                  .baseUnit("seconds")
                  .tags(key.tags())
                  .register(registry);
        }
        s.lastSuccessSeconds = lastSuccess.toEpochMilli() / 1000.0;
      }
    }
  }

  /** The DewyDeployment was deleted: its series go. */
  public void forget(String namespace, String name) {
    Series s = series.remove(new Key(namespace, name));
    if (s == null) {
      return;
    }
    synchronized (s) {
      for (Meter meter : new Meter[] {s.current, s.newest, s.lastSuccess}) {
        if (meter != null) {
          registry.remove(meter);
        }
      }
    }
  }

  /** The info gauge for {@code version}, replacing {@code old} when the version changed. */
  private Gauge info(Gauge old, String name, Key key, String version, String what) {
    String was = old == null ? null : old.getId().getTag("version");
    if (Objects.equals(was, version)) {
      return old;
    }
    if (old != null) {
      registry.remove(old);
    }
    if (version == null) {
      return null;
    }
    return Gauge.builder(name + ".info", () -> 1)
        .description("1, labelled with the version the DewyDeployment " + what)
        .tags(key.tags().and("version", version))
        .register(registry);
  }

  private record Key(String namespace, String name) {
    Tags tags() {
      return Tags.of("namespace", namespace, "name", name);
    }
  }

  /** The meters of one DewyDeployment. */
  private static final class Series {
    Gauge current;
    Gauge newest;
    Gauge lastSuccess;
    volatile double lastSuccessSeconds;

    double lastSuccessSeconds() {
      return lastSuccessSeconds;
    }
  }
}
