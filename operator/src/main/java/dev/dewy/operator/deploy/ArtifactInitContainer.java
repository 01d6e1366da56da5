package dev.dewy.operator.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The init container that fills spec.target.volume for artifact registries: the operator's own
 * image running {@code fetch}. Its {@code --version=} argument is the deployed version, so changing
 * it is what rolls the workload out; credentials reach it only as secretKeyRefs.
 */
final class ArtifactInitContainer {
  static final String NAME = "dewy-fetch";

  /** The operator's image (the chart sets it); the init container runs the same image. */
  static final String IMAGE_ENV = "DEWY_OPERATOR_IMAGE";

  static final String DEFAULT_IMAGE = "ghcr.io/dewy-operator/dewy-operator:0.1.0";

  /** Where the volume is mounted when the target container does not mount it itself. */
  static final String DEFAULT_MOUNT_PATH = "/var/lib/dewy/artifact";

  private static final String VERSION_ARG = "--version=";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArtifactInitContainer() {}

  /** The image the init container runs: {@value #IMAGE_ENV} of the operator, else its default. */
  static String image(Map<String, String> env) {
    String image = env.get(IMAGE_ENV);
    return image == null || image.isBlank() ? DEFAULT_IMAGE : image;
  }

  /** Stalls a volume the pod template does not declare, before anything runs. */
  static void checkVolume(PodSpec pod, String volume, String workload) {
    List<Volume> volumes = Optional.ofNullable(pod.getVolumes()).orElse(List.of());
    if (volumes.stream().noneMatch(v -> volume.equals(v.getName()))) {
      throw new InvalidSpecException(
          "spec.target.volume",
          "volume \"%s\" not found in the pod template of %s (it has: %s); add it, e.g. as an emptyDir, or fix spec.target.volume"
              .formatted(
                  volume,
                  workload,
                  volumes.isEmpty()
                      ? "none"
                      : volumes.stream().map(Volume::getName).collect(Collectors.joining(", "))));
    }
  }

  /** The version the init container fetches now, if the template has one. */
  static Optional<String> currentVersion(PodSpec pod) {
    return find(pod)
        .flatMap(
            c ->
                Optional.ofNullable(c.getArgs()).orElse(List.of()).stream()
                    .filter(arg -> arg.startsWith(VERSION_ARG))
                    .map(arg -> arg.substring(VERSION_ARG.length()))
                    .findFirst());
  }

  static Optional<Container> find(PodSpec pod) {
    return Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream()
        .filter(c -> NAME.equals(c.getName()))
        .findFirst();
  }

  /**
   * The init container for {@code version}: the volume at the target container's own mount path (so
   * paths read the same in both), and each variable of {@code env} referring to its key of {@code
   * credentialsSecret}.
   */
  static Container build(
      String image,
      String registry,
      String version,
      String volume,
      Container target,
      Optional<String> credentialsSecret,
      Map<String, String> secretEnv) {
    String mountPath =
        Optional.ofNullable(target.getVolumeMounts()).orElse(List.of()).stream()
            .filter(m -> volume.equals(m.getName()))
            .map(VolumeMount::getMountPath)
            .findFirst()
            .orElse(DEFAULT_MOUNT_PATH);
    List<EnvVar> env = new ArrayList<>();
    credentialsSecret.ifPresent(
        secret -> {
          secretEnv.forEach(
              (name, key) ->
                  env.add(
                      new EnvVarBuilder()
                          .withName(name)
                          .withNewValueFrom()
                          .withNewSecretKeyRef(key, secret, false)
                          .endValueFrom()
                          .build()));
        });
    return new ContainerBuilder()
        .withName(NAME)
        .withImage(image)
        .withArgs("fetch", "--source=" + registry, VERSION_ARG + version, "--into=" + mountPath)
        .withEnv(env)
        // the fetcher writes its failure to the termination log; where a runtime gives it none,
        // its last log lines say the same, and the operator reads either from the pod's status
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .addNewVolumeMount()
        .withName(volume)
        .withMountPath(mountPath)
        .endVolumeMount()
        .build();
  }

  /** Strategic merge patch: the init container (merged by name) and the version annotation. */
  static String patch(Container init, String version) {
    ObjectNode template = JSON.createObjectNode();
    template
        .putObject("metadata")
        .putObject("annotations")
        .put(WorkloadPatch.VERSION_ANNOTATION, version);
    template.putObject("spec").putArray("initContainers").add(JSON.valueToTree(init));
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").set("template", template);
    return patch.toString();
  }

  /** Strategic merge patch that deletes the init container, leaving every other one. */
  static String removal() {
    ObjectNode patch = JSON.createObjectNode();
    patch
        .putObject("spec")
        .putObject("template")
        .putObject("spec")
        .putArray("initContainers")
        .addObject()
        .put("name", NAME)
        .put("$patch", "delete");
    return patch.toString();
  }
}
