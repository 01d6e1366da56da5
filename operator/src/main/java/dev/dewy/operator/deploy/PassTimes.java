package dev.dewy.operator.deploy;

import java.time.Duration;
import java.util.Arrays;

/**
 * How long reconcile passes took, the last {@value #KEPT} of them: enough for the quantiles the
 * benchmark and /metrics report without growing with the number of DewyDeployments.
 */
public final class PassTimes {
  static final int KEPT = 4096;

  private final long[] nanos = new long[KEPT];
  private long count;

  synchronized void record(Duration took) {
    nanos[(int) (count % KEPT)] = took.toNanos();
    count++;
  }

  /** Passes recorded since start. */
  public synchronized long count() {
    return count;
  }

  /** The {@code q} quantile (0 to 1) of the passes kept; zero before the first. */
  public synchronized Duration quantile(double q) {
    int kept = (int) Math.min(count, KEPT);
    if (kept == 0) {
      return Duration.ZERO;
    }
    long[] sorted = Arrays.copyOf(nanos, kept);
    Arrays.sort(sorted);
    int index = (int) Math.min(kept - 1, Math.ceil(q * kept) - 1);
    return Duration.ofNanos(sorted[Math.max(0, index)]);
  }
}
