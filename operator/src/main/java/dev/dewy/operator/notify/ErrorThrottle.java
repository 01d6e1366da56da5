package dev.dewy.operator.notify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Dewy's rule against alert storms, for one DewyDeployment: the same error goes out twice, the
 * third time with a notice that no more will follow, then not at all until a success. As in Dewy,
 * other notifications are held back while an error is outstanding. Unlike Dewy, which counts every
 * error alike, the count is per error (event type and message, or version for a failing deploy), so
 * a new kind of error is still reported.
 */
final class ErrorThrottle {
  static final int SENT_BEFORE_NOTICE = 2;
  static final String NOTICE = "No more notifications of this error will be sent until a success.";
  private static final int CAP = 1_000;
  private static final int MAX_ERRORS = 256;

  // Errors whose message changes every time (a request id, a timestamp) must not grow this forever.
  private final Map<String, Integer> counts =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
          return size() > MAX_ERRORS;
        }
      };

  /** The notification to send (maybe with the notice added), or empty to hold it back. */
  Optional<Notification> admit(Notification n) {
    if (n.type() == EventType.DEPLOY_SUCCEEDED) {
      reset();
    }
    if (n.severity() == Severity.FAILURE) {
      int count = counts.merge(errorKey(n), 1, (a, b) -> Math.min(CAP, a + b));
      if (count <= SENT_BEFORE_NOTICE) {
        return Optional.of(n);
      }
      if (count == SENT_BEFORE_NOTICE + 1) {
        String message = n.message().isEmpty() ? NOTICE : NOTICE + "\n\n" + n.message();
        return Optional.of(n.withMessage(message));
      }
      return Optional.empty();
    }
    return counts.isEmpty() ? Optional.of(n) : Optional.empty();
  }

  /**
   * What makes two errors the same. A deploy of one version failing again is the same failure,
   * though its message differs in the hook's duration and the time of the next attempt; other
   * errors are known by their message.
   */
  private static String errorKey(Notification n) {
    return switch (n.type()) {
      case BEFORE_HOOK_FAILED, DEPLOY_ABORTED, DEPLOY_FAILED, ROLLED_BACK, ROLLBACK_FAILED ->
          n.type().name() + "\n" + n.version();
      default -> n.type().name() + "\n" + n.message();
    };
  }

  /** A success (a deploy, or a reconcile without error): errors may be reported again. */
  void reset() {
    counts.clear();
  }
}
