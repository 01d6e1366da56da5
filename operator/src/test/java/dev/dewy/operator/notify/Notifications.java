package dev.dewy.operator.notify;

import java.time.Instant;

/** Sample notifications of the shop/myapp deployment, as the reconciler would build them. */
final class Notifications {
  static final Instant TIME = Instant.parse("2026-03-15T10:30:45Z");
  static final String REGISTRY = "img://registry.example.com/shop/myapp";

  private Notifications() {}

  static Notification of(EventType type, String message) {
    return new Notification(
        type, "shop", "myapp", "v1.5.0", "v1.4.0", REGISTRY, message, null, TIME);
  }

  static Notification failedBeforeHook() {
    return new Notification(
        EventType.BEFORE_HOOK_FAILED,
        "shop",
        "myapp",
        "v1.5.0",
        "v1.4.0",
        REGISTRY,
        "before-deploy hook exited 3; deploy aborted",
        new HookOutcome(
            "scripts/pre-check.sh",
            3,
            "2.5s",
            "checking database\n",
            "pre-check: database not reachable\n",
            false,
            "myapp-before-deploy-v1-5-0-1"),
        TIME);
  }

  static Notification failedAfterHook() {
    return new Notification(
        EventType.AFTER_HOOK_FAILED,
        "shop",
        "myapp",
        "v1.5.0",
        "v1.4.0",
        REGISTRY,
        "after-deploy hook exited 1; v1.5.0 stays deployed",
        new HookOutcome(
            "scripts/post-deploy-validation.sh",
            1,
            "750ms",
            "",
            "validation: /health answered 503\n",
            false,
            "myapp-after-deploy-v1-5-0-1"),
        TIME);
  }
}
