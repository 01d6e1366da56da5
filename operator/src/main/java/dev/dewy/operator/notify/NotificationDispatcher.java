package dev.dewy.operator.notify;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reconciler's only door to notifications: {@link #dispatch} decides (quiet mode, repeated
 * errors) and queues, then returns at once; delivery happens on background threads, in order per
 * DewyDeployment, and its failures are logged and counted, never thrown.
 */
public final class NotificationDispatcher implements AutoCloseable {
  private final DispatchSettings settings;
  private final DeliveryCounters counters = new DeliveryCounters();
  private final ExecutorService threads = Executors.newCachedThreadPool(daemonThreads());
  private final Delivery delivery;
  private final Map<String, DeploymentState> deployments = new ConcurrentHashMap<>();

  private record DeploymentState(ErrorThrottle throttle, DeploymentQueue queue) {}

  public NotificationDispatcher(DispatchSettings settings) {
    this.settings = settings;
    this.delivery = new Delivery(threads, settings, counters);
  }

  /**
   * Queues a notification for the deployment's channel; never blocks on the channel, never throws.
   *
   * @param channel the deployment's channel; null when it has no notifier, and nothing is sent
   * @param quiet the notifier URL's quiet=true: send only failures and warnings
   */
  public void dispatch(Notifier channel, boolean quiet, Notification notification) {
    if (channel == null) {
      return;
    }
    DeploymentState state = state(notification.deploymentKey());
    synchronized (state) {
      Optional<Notification> admitted = state.throttle().admit(notification);
      if (admitted.isEmpty()) {
        counters.countThrottled();
        return;
      }
      if (quiet && notification.severity() == Severity.SUCCESS) {
        counters.countQuieted();
        return;
      }
      state.queue().offer(channel, admitted.get());
    }
  }

  /** A reconcile of this deployment ended without error: repeated errors count from zero. */
  public void resolved(String namespace, String name) {
    DeploymentState state = state(namespace + "/" + name);
    synchronized (state) {
      state.throttle().reset();
    }
  }

  /** The DewyDeployment is gone: drop its throttle state (queued notifications still go out). */
  public void forget(String namespace, String name) {
    deployments.remove(namespace + "/" + name);
  }

  public DeliveryCounters counters() {
    return counters;
  }

  /** Stops delivery; notifications still queued are not sent. */
  @Override
  public void close() {
    threads.shutdownNow();
  }

  private DeploymentState state(String key) {
    return deployments.computeIfAbsent(
        key,
        k ->
            new DeploymentState(
                new ErrorThrottle(),
                new DeploymentQueue(settings.queueCapacity(), threads, delivery, counters)));
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "dewy-notify-" + number.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
