package dev.dewy.sandbox.api;

import java.util.List;

/** The built-in resources kubectl and the operator use, as a real 1.34 server names them. */
final class BuiltInTypes {
  private BuiltInTypes() {}

  static final List<ResourceType> ALL =
      List.of(
          ResourceType.builtIn("", "v1", "pods", "Pod", true, true, "po"),
          ResourceType.builtIn("", "v1", "secrets", "Secret", true, false),
          ResourceType.builtIn("", "v1", "configmaps", "ConfigMap", true, false, "cm"),
          ResourceType.builtIn("", "v1", "events", "Event", true, false, "ev"),
          ResourceType.builtIn("", "v1", "namespaces", "Namespace", false, true, "ns"),
          ResourceType.builtIn("", "v1", "serviceaccounts", "ServiceAccount", true, false, "sa"),
          ResourceType.builtIn("", "v1", "services", "Service", true, true, "svc"),
          ResourceType.builtIn("apps", "v1", "deployments", "Deployment", true, true, "deploy"),
          ResourceType.builtIn("apps", "v1", "statefulsets", "StatefulSet", true, true, "sts"),
          ResourceType.builtIn("apps", "v1", "daemonsets", "DaemonSet", true, true, "ds"),
          ResourceType.builtIn("apps", "v1", "replicasets", "ReplicaSet", true, true, "rs"),
          ResourceType.builtIn("batch", "v1", "jobs", "Job", true, true),
          ResourceType.builtIn("events.k8s.io", "v1", "events", "Event", true, false, "ev"),
          ResourceType.builtIn("coordination.k8s.io", "v1", "leases", "Lease", true, false),
          ResourceType.builtIn(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              true,
              "crd",
              "crds"),
          AccessReviews.ACCESS,
          AccessReviews.RULES);
}
