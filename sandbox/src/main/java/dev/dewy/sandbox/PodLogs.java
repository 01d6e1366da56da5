package dev.dewy.sandbox;

import java.util.Optional;

/**
 * What the API serves for {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: the output of pods
 * that the sandbox's Job stand-in ran on the host.
 */
public interface PodLogs {

  /** The pod's combined stdout and stderr, in the order written, or empty if unknown. */
  Optional<String> logs(String namespace, String pod, String container);

  /** A source that knows no pods. */
  PodLogs NONE = (namespace, pod, container) -> Optional.empty();
}
