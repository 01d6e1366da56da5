package dev.dewy.operator.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory channel: records what it is asked to send; can hold sends or fail the first ones.
 */
final class RecordingNotifier implements Notifier {
  private final List<Notification> sent = new CopyOnWriteArrayList<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch gate;
  private final AtomicInteger failuresLeft;
  private volatile boolean inside;

  private RecordingNotifier(boolean gated, int failures) {
    this.gate = new CountDownLatch(gated ? 1 : 0);
    this.failuresLeft = new AtomicInteger(failures);
  }

  static RecordingNotifier open() {
    return new RecordingNotifier(false, 0);
  }

  /** Every send waits until {@link #release()}. */
  static RecordingNotifier gated() {
    return new RecordingNotifier(true, 0);
  }

  static RecordingNotifier failingFirst(int failures) {
    return new RecordingNotifier(false, failures);
  }

  @Override
  public void send(Notification notification) throws NotifyException {
    inside = true;
    entered.countDown();
    try {
      gate.await(2, TimeUnit.MINUTES);
      if (failuresLeft.getAndDecrement() > 0) {
        throw new NotifyException("channel down");
      }
      sent.add(notification);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotifyException("interrupted");
    } finally {
      inside = false;
    }
  }

  boolean awaitEntered() throws InterruptedException {
    return entered.await(1, TimeUnit.MINUTES);
  }

  boolean inside() {
    return inside;
  }

  void release() {
    gate.countDown();
  }

  List<Notification> sent() {
    return sent;
  }

  List<String> messages() {
    return sent.stream().map(Notification::message).toList();
  }
}
