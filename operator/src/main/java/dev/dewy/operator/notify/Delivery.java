package dev.dewy.operator.notify;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One notification to one channel: a deadline per attempt, one retry after a pause, counted. */
final class Delivery {
  private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

  private final ExecutorService attempts;
  private final DispatchSettings settings;
  private final DeliveryCounters counters;

  Delivery(ExecutorService attempts, DispatchSettings settings, DeliveryCounters counters) {
    this.attempts = attempts;
    this.settings = settings;
    this.counters = counters;
  }

  void deliver(Notifier channel, Notification n) {
    String firstError = attempt(channel, n);
    if (firstError == null) {
      counters.countSent();
      return;
    }
    LOG.info(
        "Notification {} for {} failed, retrying in {}: {}",
        n.type(),
        n.deploymentKey(),
        settings.retryBackoff(),
        firstError);
    try {
      Thread.sleep(settings.retryBackoff().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String secondError =
        Thread.currentThread().isInterrupted() ? "shutting down" : attempt(channel, n);
    if (secondError == null) {
      counters.countSent();
      return;
    }
    counters.countFailed();
    LOG.warn(
        "Notification {} for {} not delivered after retry: {}",
        n.type(),
        n.deploymentKey(),
        secondError);
  }

  /** null when delivered, else why not. */
  private String attempt(Notifier channel, Notification n) {
    Future<?> send;
    try {
      send =
          attempts.submit(
              () -> {
                channel.send(n);
                return null;
              });
    } catch (RejectedExecutionException closed) {
      return "shutting down";
    }
    try {
      send.get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (TimeoutException e) {
      send.cancel(true);
      return "no answer within " + settings.sendTimeout();
    } catch (ExecutionException e) {
      return String.valueOf(e.getCause().getMessage());
    } catch (InterruptedException e) {
      send.cancel(true);
      Thread.currentThread().interrupt();
      return "shutting down";
    }
  }
}
