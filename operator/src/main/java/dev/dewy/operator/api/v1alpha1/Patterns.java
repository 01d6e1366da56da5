package dev.dewy.operator.api.v1alpha1;

/** Schema patterns shared by the API types, so the CRD rejects what can never work. */
final class Patterns {
  private Patterns() {}

  /** A Go duration as time.ParseDuration accepts it, without a sign: 30s, 1m, 1h30m, 1.5h. */
  static final String DURATION = "^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$";

  static final String REGISTRY_URL = "^(img|ghr|s3|gs|grpc)://.+";

  static final String NOTIFIER_URL = "^(slack|mail|smtp|webhook|webhooks)://.+";

  /** RFC 1123 subdomain, what Kubernetes accepts as an object name. */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** RFC 1123 label, what Kubernetes accepts as a container or volume name. */
  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
}
