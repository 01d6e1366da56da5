package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's volumes as directories on the node, made before its containers start: emptyDir (writable
 * by any user, as kubelet makes it), configMap, secret, downwardAPI and projected volumes (files
 * with their modes; among them the {@code kube-api-access-*} volume the ServiceAccount admission
 * adds: a token from the TokenRequest API bound to the pod, the cluster's CA from {@code
 * kube-root-ca.crt}, the namespace) and hostPath.
 */
final class PodVolumes {
  private static final int DEFAULT_MODE = 0644;
  private static final long DEFAULT_TOKEN_SECONDS = 3607;

  /** A volume's directory, and whether it is mounted read-only whatever the mount says. */
  record HostVolume(Path path, boolean readOnly) {}

  private final KubernetesClient client;
  private final ConfigSource config;
  private final ContainerEnv fields;

  PodVolumes(KubernetesClient client, ContainerEnv fields) {
    this.client = client;
    this.config = ConfigSource.of(client);
    this.fields = fields;
  }

  /** Every volume of {@code pod}, by name, under {@code dir}. */
  Map<String, HostVolume> prepare(Pod pod, Path dir) throws ContainerConfigException, IOException {
    Map<String, HostVolume> volumes = new LinkedHashMap<>();
    List<Volume> declared = pod.getSpec().getVolumes();
    for (Volume volume : declared == null ? List.<Volume>of() : declared) {
      Path path = dir.resolve(volume.getName());
      if (volume.getHostPath() != null) {
        volumes.put(
            volume.getName(), new HostVolume(Path.of(volume.getHostPath().getPath()), false));
        continue;
      }
      Files.createDirectories(path);
      if (volume.getEmptyDir() != null) {
        Files.setAttribute(path, "unix:mode", 01777);
        volumes.put(volume.getName(), new HostVolume(path, false));
        continue;
      }
      if (volume.getConfigMap() != null) {
        var source = volume.getConfigMap();
        project(
            pod,
            path,
            new VolumeProjectionBuilder()
                .withNewConfigMap()
                .withName(source.getName())
                .withItems(source.getItems())
                .withOptional(source.getOptional())
                .endConfigMap()
                .build(),
            mode(source.getDefaultMode()));
      } else if (volume.getSecret() != null) {
        var source = volume.getSecret();
        project(
            pod,
            path,
            new VolumeProjectionBuilder()
                .withNewSecret()
                .withName(source.getSecretName())
                .withItems(source.getItems())
                .withOptional(source.getOptional())
                .endSecret()
                .build(),
            mode(source.getDefaultMode()));
      } else if (volume.getDownwardAPI() != null) {
        project(
            pod,
            path,
            new VolumeProjectionBuilder()
                .withNewDownwardAPI()
                .withItems(volume.getDownwardAPI().getItems())
                .endDownwardAPI()
                .build(),
            mode(volume.getDownwardAPI().getDefaultMode()));
      } else if (volume.getProjected() != null) {
        int mode = mode(volume.getProjected().getDefaultMode());
        for (VolumeProjection source : volume.getProjected().getSources()) {
          project(pod, path, source, mode);
        }
      } else {
        throw new ContainerConfigException(
            "volume "
                + volume.getName()
                + ": the node agent supports emptyDir, configMap, secret, downwardAPI,"
                + " projected and hostPath volumes");
      }
      volumes.put(volume.getName(), new HostVolume(path, true));
    }
    return volumes;
  }

  private void project(Pod pod, Path dir, VolumeProjection source, int mode)
      throws ContainerConfigException, IOException {
    if (source.getServiceAccountToken() != null) {
      var token = source.getServiceAccountToken();
      write(
          dir,
          token.getPath(),
          token(pod, token.getAudience(), token.getExpirationSeconds()),
          mode);
    } else if (source.getConfigMap() != null) {
      var cm = source.getConfigMap();
      writeKeys(
          dir,
          "configmap",
          cm.getName(),
          cm.getOptional(),
          config.configMap(namespace(pod), cm.getName()),
          cm.getItems(),
          mode);
    } else if (source.getSecret() != null) {
      var secret = source.getSecret();
      writeKeys(
          dir,
          "secret",
          secret.getName(),
          secret.getOptional(),
          config.secret(namespace(pod), secret.getName()),
          secret.getItems(),
          mode);
    } else if (source.getDownwardAPI() != null) {
      for (var item : source.getDownwardAPI().getItems()) {
        write(
            dir,
            item.getPath(),
            downward(pod, item.getFieldRef()),
            item.getMode() != null ? mode(item.getMode()) : mode);
      }
    }
  }

  /** A token for the pod's service account, bound to the pod, as kubelet requests it. */
  private String token(Pod pod, String audience, Long seconds) {
    String account = pod.getSpec().getServiceAccountName();
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
            .withExpirationSeconds(seconds == null ? DEFAULT_TOKEN_SECONDS : seconds)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    return client
        .serviceAccounts()
        .inNamespace(namespace(pod))
        .withName(account == null ? "default" : account)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  private String downward(Pod pod, io.fabric8.kubernetes.api.model.ObjectFieldSelector field)
      throws ContainerConfigException {
    if (field == null) {
      throw new ContainerConfigException(
          "downwardAPI: only fieldRef items are supported by the node agent");
    }
    return fields.field(pod, field.getFieldPath());
  }

  private static void writeKeys(
      Path dir,
      String kind,
      String name,
      Boolean optional,
      Optional<Map<String, String>> data,
      List<KeyToPath> items,
      int mode)
      throws ContainerConfigException, IOException {
    if (data.isEmpty()) {
      if (Boolean.TRUE.equals(optional)) {
        return;
      }
      throw new ContainerConfigException(kind + " \"" + name + "\" not found");
    }
    if (items == null || items.isEmpty()) {
      for (var entry : data.get().entrySet()) {
        write(dir, entry.getKey(), entry.getValue(), mode);
      }
      return;
    }
    for (KeyToPath item : items) {
      String value = data.get().get(item.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(optional)) {
          continue;
        }
        throw new ContainerConfigException(
            "couldn't find key " + item.getKey() + " in " + kind + " " + name);
      }
      write(dir, item.getPath(), value, item.getMode() != null ? mode(item.getMode()) : mode);
    }
  }

  /** Writes {@code content} at {@code relative} under {@code dir}; paths with ".." are refused. */
  private static void write(Path dir, String relative, String content, int mode)
      throws ContainerConfigException, IOException {
    Path file = dir.resolve(relative).normalize();
    if (relative.startsWith("/") || !file.startsWith(dir) || relative.contains("..")) {
      throw new ContainerConfigException(
          "volume path \"" + relative + "\" must be relative and must not contain \"..\"");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setAttribute(file, "unix:mode", mode);
  }

  private static int mode(Integer mode) {
    return mode == null ? DEFAULT_MODE : mode;
  }

  private static String namespace(Pod pod) {
    return pod.getMetadata().getNamespace();
  }
}
