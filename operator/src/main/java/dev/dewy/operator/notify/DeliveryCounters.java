package dev.dewy.operator.notify;

import java.util.concurrent.atomic.AtomicLong;

/** What became of each notification handed to the dispatcher, readable for metrics. */
public final class DeliveryCounters {
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong quieted = new AtomicLong();

  /** Delivered by the channel, on the first attempt or the retry. */
  public long sent() {
    return sent.get();
  }

  /** Not delivered after the retry (error, non-2xx answer or timeout). */
  public long failed() {
    return failed.get();
  }

  /** Pushed out of a full queue, oldest first. */
  public long dropped() {
    return dropped.get();
  }

  /** Held back by the repeated-error rule. */
  public long throttled() {
    return throttled.get();
  }

  /** Skipped because the notifier has quiet=true and the event needs no attention. */
  public long quieted() {
    return quieted.get();
  }

  void countSent() {
    sent.incrementAndGet();
  }

  void countFailed() {
    failed.incrementAndGet();
  }

  void countDropped() {
    dropped.incrementAndGet();
  }

  void countThrottled() {
    throttled.incrementAndGet();
  }

  void countQuieted() {
    quieted.incrementAndGet();
  }
}
