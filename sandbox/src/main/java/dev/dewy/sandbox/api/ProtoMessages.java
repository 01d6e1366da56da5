package dev.dewy.sandbox.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The protobuf messages {@link ProtobufBodies} reads: field numbers from the Kubernetes API's
 * generated.proto (k8s.io/api and apimachinery, v1.34), JSON names and Go JSON rules from its
 * types.go. Only the fields kubectl's imperative commands set are listed; a field that is not
 * listed must hold its zero value.
 */
final class ProtoMessages {
  private ProtoMessages() {}

  enum Kind {
    STRING,
    INT,
    BOOL,
    MESSAGE,
    MESSAGES,
    STRINGS,
    STRING_MAP,
    BYTES_MAP,
    QUANTITY_MAP,
    INT_OR_STRING,
    TIME,
    /** Output only (status): the server drops it on create, so it is not read. */
    IGNORED
  }

  /**
   * One field.
   *
   * @param keepZero whether a zero value is kept in JSON: the field is a pointer (set means
   *     present) or has no {@code omitempty}
   */
  record Field(int number, String json, Kind kind, boolean keepZero, Message message) {}

  record Message(String name, Map<Integer, Field> fields) {}

  /** Builds a message's table, one call per field. */
  private static final class Builder {
    private final String name;
    private final Map<Integer, Field> fields = new TreeMap<>();

    Builder(String name) {
      this.name = name;
    }

    /** A non-pointer field with omitempty: its zero value is left out. */
    Builder omitEmpty(int number, String json, Kind kind) {
      fields.put(number, new Field(number, json, kind, false, null));
      return this;
    }

    /** A pointer field, or one without omitempty: kept whatever its value. */
    Builder kept(int number, String json, Kind kind) {
      fields.put(number, new Field(number, json, kind, true, null));
      return this;
    }

    Builder message(int number, String json, Message message) {
      fields.put(number, new Field(number, json, Kind.MESSAGE, true, message));
      return this;
    }

    Builder messages(int number, String json, Message message) {
      fields.put(number, new Field(number, json, Kind.MESSAGES, false, message));
      return this;
    }

    Builder ignored(int number, String json) {
      fields.put(number, new Field(number, json, Kind.IGNORED, false, null));
      return this;
    }

    Message build() {
      return new Message(name, Map.copyOf(fields));
    }
  }

  private static Builder message(String name) {
    return new Builder(name);
  }

  private static final Kind S = Kind.STRING;
  private static final Kind I = Kind.INT;
  private static final Kind B = Kind.BOOL;

  static final Message OWNER_REFERENCE =
      message("OwnerReference")
          .kept(5, "apiVersion", S)
          .kept(1, "kind", S)
          .kept(3, "name", S)
          .kept(4, "uid", S)
          .kept(6, "controller", B)
          .kept(7, "blockOwnerDeletion", B)
          .build();

  static final Message OBJECT_META =
      message("ObjectMeta")
          .omitEmpty(1, "name", S)
          .omitEmpty(2, "generateName", S)
          .omitEmpty(3, "namespace", S)
          .omitEmpty(4, "selfLink", S)
          .omitEmpty(5, "uid", S)
          .omitEmpty(6, "resourceVersion", S)
          .omitEmpty(7, "generation", I)
          .omitEmpty(8, "creationTimestamp", Kind.TIME)
          .omitEmpty(9, "deletionTimestamp", Kind.TIME)
          .kept(10, "deletionGracePeriodSeconds", I)
          .omitEmpty(11, "labels", Kind.STRING_MAP)
          .omitEmpty(12, "annotations", Kind.STRING_MAP)
          .messages(13, "ownerReferences", OWNER_REFERENCE)
          .omitEmpty(14, "finalizers", Kind.STRINGS)
          .ignored(17, "managedFields")
          .build();

  static final Message LABEL_SELECTOR =
      message("LabelSelector")
          .omitEmpty(1, "matchLabels", Kind.STRING_MAP)
          .messages(
              2,
              "matchExpressions",
              message("LabelSelectorRequirement")
                  .kept(1, "key", S)
                  .kept(2, "operator", S)
                  .omitEmpty(3, "values", Kind.STRINGS)
                  .build())
          .build();

  static final Message LOCAL_OBJECT_REFERENCE =
      message("LocalObjectReference").omitEmpty(1, "name", S).build();

  static final Message CONTAINER =
      message("Container")
          .kept(1, "name", S)
          .omitEmpty(2, "image", S)
          .omitEmpty(3, "command", Kind.STRINGS)
          .omitEmpty(4, "args", Kind.STRINGS)
          .omitEmpty(5, "workingDir", S)
          .messages(
              6,
              "ports",
              message("ContainerPort")
                  .omitEmpty(1, "name", S)
                  .omitEmpty(2, "hostPort", I)
                  .kept(3, "containerPort", I)
                  .omitEmpty(4, "protocol", S)
                  .omitEmpty(5, "hostIP", S)
                  .build())
          .messages(7, "env", message("EnvVar").kept(1, "name", S).omitEmpty(2, "value", S).build())
          .message(
              8,
              "resources",
              message("ResourceRequirements")
                  .omitEmpty(1, "limits", Kind.QUANTITY_MAP)
                  .omitEmpty(2, "requests", Kind.QUANTITY_MAP)
                  .build())
          .omitEmpty(13, "terminationMessagePath", S)
          .omitEmpty(14, "imagePullPolicy", S)
          .omitEmpty(16, "stdin", B)
          .omitEmpty(17, "stdinOnce", B)
          .omitEmpty(18, "tty", B)
          .omitEmpty(20, "terminationMessagePolicy", S)
          .kept(24, "restartPolicy", S)
          .build();

  static final Message POD_SPEC =
      message("PodSpec")
          .messages(2, "containers", CONTAINER)
          .omitEmpty(3, "restartPolicy", S)
          .kept(4, "terminationGracePeriodSeconds", I)
          .kept(5, "activeDeadlineSeconds", I)
          .omitEmpty(6, "dnsPolicy", S)
          .omitEmpty(7, "nodeSelector", Kind.STRING_MAP)
          .omitEmpty(8, "serviceAccountName", S)
          .omitEmpty(9, "serviceAccount", S)
          .omitEmpty(10, "nodeName", S)
          .omitEmpty(11, "hostNetwork", B)
          .omitEmpty(12, "hostPID", B)
          .omitEmpty(13, "hostIPC", B)
          .messages(15, "imagePullSecrets", LOCAL_OBJECT_REFERENCE)
          .omitEmpty(16, "hostname", S)
          .omitEmpty(17, "subdomain", S)
          .omitEmpty(19, "schedulerName", S)
          .messages(20, "initContainers", CONTAINER)
          .kept(21, "automountServiceAccountToken", B)
          .omitEmpty(24, "priorityClassName", S)
          .kept(25, "priority", I)
          .kept(27, "shareProcessNamespace", B)
          .kept(29, "runtimeClassName", S)
          .kept(30, "enableServiceLinks", B)
          .kept(31, "preemptionPolicy", S)
          .kept(35, "setHostnameAsFQDN", B)
          .kept(37, "hostUsers", B)
          .kept(41, "hostnameOverride", S)
          .build();

  static final Message POD_TEMPLATE_SPEC =
      message("PodTemplateSpec")
          .message(1, "metadata", OBJECT_META)
          .message(2, "spec", POD_SPEC)
          .build();

  static final Message DEPLOYMENT =
      message("Deployment")
          .message(1, "metadata", OBJECT_META)
          .message(
              2,
              "spec",
              message("DeploymentSpec")
                  .kept(1, "replicas", I)
                  .message(2, "selector", LABEL_SELECTOR)
                  .message(3, "template", POD_TEMPLATE_SPEC)
                  .message(
                      4,
                      "strategy",
                      message("DeploymentStrategy")
                          .omitEmpty(1, "type", S)
                          .message(
                              2,
                              "rollingUpdate",
                              message("RollingUpdateDeployment")
                                  .kept(1, "maxUnavailable", Kind.INT_OR_STRING)
                                  .kept(2, "maxSurge", Kind.INT_OR_STRING)
                                  .build())
                          .build())
                  .omitEmpty(5, "minReadySeconds", I)
                  .kept(6, "revisionHistoryLimit", I)
                  .omitEmpty(7, "paused", B)
                  .kept(9, "progressDeadlineSeconds", I)
                  .build())
          .ignored(3, "status")
          .build();

  static final Message JOB =
      message("Job")
          .message(1, "metadata", OBJECT_META)
          .message(
              2,
              "spec",
              message("JobSpec")
                  .kept(1, "parallelism", I)
                  .kept(2, "completions", I)
                  .kept(3, "activeDeadlineSeconds", I)
                  .message(4, "selector", LABEL_SELECTOR)
                  .kept(5, "manualSelector", B)
                  .message(6, "template", POD_TEMPLATE_SPEC)
                  .kept(7, "backoffLimit", I)
                  .kept(8, "ttlSecondsAfterFinished", I)
                  .kept(9, "completionMode", S)
                  .kept(10, "suspend", B)
                  .kept(12, "backoffLimitPerIndex", I)
                  .kept(13, "maxFailedIndexes", I)
                  .kept(14, "podReplacementPolicy", S)
                  .kept(15, "managedBy", S)
                  .build())
          .ignored(3, "status")
          .build();

  static final Message SERVICE =
      message("Service")
          .message(1, "metadata", OBJECT_META)
          .message(
              2,
              "spec",
              message("ServiceSpec")
                  .messages(
                      1,
                      "ports",
                      message("ServicePort")
                          .omitEmpty(1, "name", S)
                          .omitEmpty(2, "protocol", S)
                          .kept(3, "port", I)
                          .kept(4, "targetPort", Kind.INT_OR_STRING)
                          .omitEmpty(5, "nodePort", I)
                          .kept(6, "appProtocol", S)
                          .build())
                  .omitEmpty(2, "selector", Kind.STRING_MAP)
                  .omitEmpty(3, "clusterIP", S)
                  .omitEmpty(4, "type", S)
                  .omitEmpty(5, "externalIPs", Kind.STRINGS)
                  .omitEmpty(7, "sessionAffinity", S)
                  .omitEmpty(8, "loadBalancerIP", S)
                  .omitEmpty(9, "loadBalancerSourceRanges", Kind.STRINGS)
                  .omitEmpty(10, "externalName", S)
                  .omitEmpty(11, "externalTrafficPolicy", S)
                  .omitEmpty(12, "healthCheckNodePort", I)
                  .omitEmpty(13, "publishNotReadyAddresses", B)
                  .kept(17, "ipFamilyPolicy", S)
                  .omitEmpty(18, "clusterIPs", Kind.STRINGS)
                  .omitEmpty(19, "ipFamilies", Kind.STRINGS)
                  .kept(20, "allocateLoadBalancerNodePorts", B)
                  .kept(21, "loadBalancerClass", S)
                  .kept(22, "internalTrafficPolicy", S)
                  .kept(23, "trafficDistribution", S)
                  .build())
          .ignored(3, "status")
          .build();

  static final Message NAMESPACE =
      message("Namespace")
          .message(1, "metadata", OBJECT_META)
          .message(
              2, "spec", message("NamespaceSpec").omitEmpty(1, "finalizers", Kind.STRINGS).build())
          .ignored(3, "status")
          .build();

  static final Message CONFIG_MAP =
      message("ConfigMap")
          .message(1, "metadata", OBJECT_META)
          .omitEmpty(2, "data", Kind.STRING_MAP)
          .omitEmpty(3, "binaryData", Kind.BYTES_MAP)
          .kept(4, "immutable", B)
          .build();

  static final Message SECRET =
      message("Secret")
          .message(1, "metadata", OBJECT_META)
          .omitEmpty(2, "data", Kind.BYTES_MAP)
          .omitEmpty(3, "type", S)
          .omitEmpty(4, "stringData", Kind.STRING_MAP)
          .kept(5, "immutable", B)
          .build();

  static final Message SERVICE_ACCOUNT =
      message("ServiceAccount")
          .message(1, "metadata", OBJECT_META)
          .messages(
              2,
              "secrets",
              message("ObjectReference")
                  .omitEmpty(1, "kind", S)
                  .omitEmpty(2, "namespace", S)
                  .omitEmpty(3, "name", S)
                  .omitEmpty(4, "uid", S)
                  .omitEmpty(5, "apiVersion", S)
                  .omitEmpty(6, "resourceVersion", S)
                  .omitEmpty(7, "fieldPath", S)
                  .build())
          .messages(3, "imagePullSecrets", LOCAL_OBJECT_REFERENCE)
          .kept(4, "automountServiceAccountToken", B)
          .build();

  static final Message SELF_SUBJECT_ACCESS_REVIEW =
      message("SelfSubjectAccessReview")
          .message(1, "metadata", OBJECT_META)
          .message(
              2,
              "spec",
              message("SelfSubjectAccessReviewSpec")
                  .message(
                      1,
                      "resourceAttributes",
                      message("ResourceAttributes")
                          .omitEmpty(1, "namespace", S)
                          .omitEmpty(2, "verb", S)
                          .omitEmpty(3, "group", S)
                          .omitEmpty(4, "version", S)
                          .omitEmpty(5, "resource", S)
                          .omitEmpty(6, "subresource", S)
                          .omitEmpty(7, "name", S)
                          .build())
                  .message(
                      2,
                      "nonResourceAttributes",
                      message("NonResourceAttributes")
                          .omitEmpty(1, "path", S)
                          .omitEmpty(2, "verb", S)
                          .build())
                  .build())
          .ignored(3, "status")
          .build();

  static final Message SELF_SUBJECT_RULES_REVIEW =
      message("SelfSubjectRulesReview")
          .message(1, "metadata", OBJECT_META)
          .message(
              2, "spec", message("SelfSubjectRulesReviewSpec").omitEmpty(1, "namespace", S).build())
          .ignored(3, "status")
          .build();

  /** The kinds read, by {@code apiVersion/kind}. */
  static final Map<String, Message> TOP_LEVEL =
      Map.ofEntries(
          Map.entry("v1/Namespace", NAMESPACE),
          Map.entry("v1/ConfigMap", CONFIG_MAP),
          Map.entry("v1/Secret", SECRET),
          Map.entry("v1/ServiceAccount", SERVICE_ACCOUNT),
          Map.entry("v1/Service", SERVICE),
          Map.entry("apps/v1/Deployment", DEPLOYMENT),
          Map.entry("batch/v1/Job", JOB),
          Map.entry("authorization.k8s.io/v1/SelfSubjectAccessReview", SELF_SUBJECT_ACCESS_REVIEW),
          Map.entry("authorization.k8s.io/v1/SelfSubjectRulesReview", SELF_SUBJECT_RULES_REVIEW));

  static String topLevelKinds() {
    TreeSet<String> kinds = new TreeSet<>();
    TOP_LEVEL.values().forEach(m -> kinds.add(m.name()));
    return String.join(", ", kinds);
  }
}
