package dev.dewy.operator.notify;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The notifications of one DewyDeployment, delivered one at a time in the order given; bounded,
 * dropping the oldest when full, so a dead channel cannot grow memory without limit.
 */
final class DeploymentQueue {
  private record Entry(Notifier channel, Notification notification) {}

  private final Deque<Entry> entries = new ArrayDeque<>();
  private final int capacity;
  private final Executor workers;
  private final Delivery delivery;
  private final DeliveryCounters counters;
  private boolean draining;

  DeploymentQueue(int capacity, Executor workers, Delivery delivery, DeliveryCounters counters) {
    this.capacity = capacity;
    this.workers = workers;
    this.delivery = delivery;
    this.counters = counters;
  }

  synchronized void offer(Notifier channel, Notification n) {
    if (entries.size() == capacity) {
      entries.pollFirst();
      counters.countDropped();
    }
    entries.addLast(new Entry(channel, n));
    if (!draining) {
      draining = true;
      try {
        workers.execute(this::drain);
      } catch (RejectedExecutionException shutDown) {
        draining = false;
        counters.countDropped();
        entries.clear();
      }
    }
  }

  private void drain() {
    while (true) {
      Entry next;
      synchronized (this) {
        next = entries.pollFirst();
        if (next == null) {
          draining = false;
          return;
        }
      }
      delivery.deliver(next.channel(), next.notification());
    }
  }
}
