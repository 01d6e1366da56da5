package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where the flow's Kubernetes Events go ({@link EventRecorder}; a list in unit tests). */
interface DeployEvents {
  void normal(HasMetadata object, String reason, String message);

  void warning(HasMetadata object, String reason, String message);
}
