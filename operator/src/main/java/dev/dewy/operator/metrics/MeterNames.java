package dev.dewy.operator.metrics;

/**
 * The operator's own meter names, in Micrometer's dotted form: Prometheus sees {@code dewy_...}
 * with {@code _total} on counters and {@code _seconds} on timers.
 */
final class MeterNames {
  static final String DEPLOYS = "dewy.deploys";
  static final String HOOK_RUNS = "dewy.hook.runs";
  static final String HOOK_DURATION = "dewy.hook.duration";
  static final String REGISTRY_REQUESTS = "dewy.registry.requests";
  static final String REGISTRY_RATE_LIMIT_WAITS = "dewy.registry.rate.limit.waits";
  static final String CURRENT_VERSION = "dewy.current.version";
  static final String NEWEST_VERSION = "dewy.newest.version";
  static final String LAST_SUCCESSFUL_DEPLOY = "dewy.last.successful.deploy.timestamp";
  static final String NOTIFICATIONS = "dewy.notifications";
  static final String NOOP_RECONCILE = "dewy.noop.reconcile.duration";

  private MeterNames() {}
}
