package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves a container's environment the way kubelet does: envFrom first, then env in order. */
public final class ContainerEnv {

  private static final Pattern MAP_FIELD =
      Pattern.compile("metadata\\.(labels|annotations)\\['([^']*)'\\]");

  private final ConfigSource source;
  private final PodNetwork network;

  public ContainerEnv(ConfigSource source) {
    this(source, PodNetwork.LOOPBACK);
  }

  /** Resolves env with {@code status.podIP} and {@code status.hostIP} from {@code network}. */
  public ContainerEnv(ConfigSource source, PodNetwork network) {
    this.source = source;
    this.network = network;
  }

  public Map<String, String> resolve(Pod pod, Container container) throws ContainerConfigException {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnvFrom() != null) {
      for (EnvFromSource from : container.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        sourceOf(namespace, from).forEach((k, v) -> env.put(prefix + k, v));
      }
    }
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        if (var.getValueFrom() == null) {
          env.put(var.getName(), EnvExpansion.expand(nullToEmpty(var.getValue()), env));
        } else {
          valueFrom(pod, var).ifPresent(value -> env.put(var.getName(), value));
        }
      }
    }
    return env;
  }

  private Map<String, String> sourceOf(String namespace, EnvFromSource from)
      throws ContainerConfigException {
    if (from.getSecretRef() != null) {
      var ref = from.getSecretRef();
      return whole(
          "secret", ref.getName(), ref.getOptional(), source.secret(namespace, ref.getName()));
    }
    if (from.getConfigMapRef() != null) {
      var ref = from.getConfigMapRef();
      return whole(
          "configmap",
          ref.getName(),
          ref.getOptional(),
          source.configMap(namespace, ref.getName()));
    }
    return Map.of();
  }

  private Optional<String> valueFrom(Pod pod, EnvVar var) throws ContainerConfigException {
    EnvVarSource from = var.getValueFrom();
    String namespace = pod.getMetadata().getNamespace();
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      return keyOf(
          "secret",
          ref.getName(),
          ref.getKey(),
          ref.getOptional(),
          source.secret(namespace, ref.getName()));
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      return keyOf(
          "configmap",
          ref.getName(),
          ref.getKey(),
          ref.getOptional(),
          source.configMap(namespace, ref.getName()));
    }
    if (from.getFieldRef() != null) {
      return Optional.of(field(pod, from.getFieldRef().getFieldPath()));
    }
    throw new ContainerConfigException(
        "env "
            + var.getName()
            + ": valueFrom is not supported by the sandbox (expected"
            + " secretKeyRef, configMapKeyRef or fieldRef)");
  }

  private static Map<String, String> whole(
      String kind, String name, Boolean optional, Optional<Map<String, String>> data)
      throws ContainerConfigException {
    if (data.isEmpty() && !Boolean.TRUE.equals(optional)) {
      throw new ContainerConfigException(kind + " \"" + name + "\" not found");
    }
    return data.orElse(Map.of());
  }

  private static Optional<String> keyOf(
      String kind, String name, String key, Boolean optional, Optional<Map<String, String>> data)
      throws ContainerConfigException {
    boolean isOptional = Boolean.TRUE.equals(optional);
    if (data.isEmpty()) {
      if (isOptional) {
        return Optional.empty();
      }
      throw new ContainerConfigException(kind + " \"" + name + "\" not found");
    }
    String value = data.get().get(key);
    if (value == null && !isOptional) {
      throw new ContainerConfigException("couldn't find key " + key + " in " + kind + " " + name);
    }
    return Optional.ofNullable(value);
  }

  String field(Pod pod, String path) throws ContainerConfigException {
    var meta = pod.getMetadata();
    switch (path) {
      case "metadata.name":
        return meta.getName();
      case "metadata.namespace":
        return meta.getNamespace();
      case "metadata.uid":
        return nullToEmpty(meta.getUid());
      case "spec.serviceAccountName":
        String account = pod.getSpec().getServiceAccountName();
        return account == null ? "default" : account;
      case "spec.nodeName":
        return pod.getSpec().getNodeName() == null ? "sandbox" : pod.getSpec().getNodeName();
      case "status.podIP":
        return network.podIp(pod);
      case "status.hostIP":
        return network.hostIp();
      default:
        Matcher m = MAP_FIELD.matcher(path);
        if (m.matches()) {
          Map<String, String> values =
              m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
          return values == null ? "" : nullToEmpty(values.get(m.group(2)));
        }
        throw new ContainerConfigException(
            "fieldRef.fieldPath: unsupported \""
                + path
                + "\" (expected metadata.name,"
                + " metadata.namespace, metadata.uid, metadata.labels['k'],"
                + " metadata.annotations['k'], spec.serviceAccountName, spec.nodeName,"
                + " status.podIP or status.hostIP)");
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
