package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hook's pod: the target's pod environment minus what only a long-running server needs, as Dewy
 * runs a hook in its application's directory with its environment.
 *
 * <p>From the target's pod the hook inherits the service account, image pull secrets, pod security
 * context, and scheduling constraints that are about nodes (nodeSelector, tolerations, node
 * affinity): a hook that needs the same volumes or hardware needs the same nodes. Pod
 * (anti-)affinity is not inherited: it describes how the app's replicas spread, and a DaemonSet's
 * anti-affinity would leave the hook nowhere to run. From the target container it inherits env (via
 * {@link HookEnvironment}), envFrom, volume mounts (with exactly the volumes they name), working
 * directory, security context and resources (a migration should get the app's memory limit).
 * Probes, ports, lifecycle hooks, init containers and sidecars are not inherited: they serve a
 * server, not a command that exits. A ReadWriteOnce claim mounted by the app may keep the hook
 * pending on another node; that is the price of the app's filesystem.
 */
final class HookPod {
  /** The emptyDir the wrapper captures output in, so a read-only root filesystem is no obstacle. */
  static final String WORK_VOLUME = "dewy-hook-work";

  private HookPod() {}

  static PodSpec from(
      PodSpec target, Container targetContainer, String image, String command, List<EnvVar> env) {
    Container hook =
        new ContainerBuilder()
            .withName(HookJobFactory.CONTAINER)
            .withImage(image)
            .withCommand(HookScript.command(command))
            .withEnv(env)
            .withEnvFrom(targetContainer.getEnvFrom())
            .withVolumeMounts(copyMounts(targetContainer, target))
            .addNewVolumeMount()
            .withName(WORK_VOLUME)
            .withMountPath(HookScript.WORK_DIR)
            .endVolumeMount()
            .withWorkingDir(targetContainer.getWorkingDir())
            .withSecurityContext(targetContainer.getSecurityContext())
            .withResources(targetContainer.getResources())
            .withTerminationMessagePath(HookScript.TERMINATION_PATH)
            .withTerminationMessagePolicy("File")
            .build();
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withServiceAccountName(target.getServiceAccountName())
        .withAutomountServiceAccountToken(target.getAutomountServiceAccountToken())
        .withImagePullSecrets(target.getImagePullSecrets())
        .withSecurityContext(target.getSecurityContext())
        .withNodeSelector(target.getNodeSelector())
        .withTolerations(target.getTolerations())
        .withAffinity(nodeAffinityOnly(target.getAffinity()))
        .withVolumes(neededVolumes(hook, target))
        .addNewVolume()
        .withName(WORK_VOLUME)
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .withContainers(hook)
        .build();
  }

  private static List<VolumeMount> copyMounts(Container container, PodSpec pod) {
    Set<String> volumes = volumes(pod).stream().map(Volume::getName).collect(Collectors.toSet());
    return Optional.ofNullable(container.getVolumeMounts()).orElse(List.of()).stream()
        .filter(mount -> volumes.contains(mount.getName()))
        .map(mount -> new VolumeMountBuilder(mount).build())
        .toList();
  }

  private static List<Volume> neededVolumes(Container hook, PodSpec pod) {
    Set<String> mounted =
        hook.getVolumeMounts().stream().map(VolumeMount::getName).collect(Collectors.toSet());
    return volumes(pod).stream()
        .filter(volume -> mounted.contains(volume.getName()))
        .map(volume -> new VolumeBuilder(volume).build())
        .toList();
  }

  private static List<Volume> volumes(PodSpec pod) {
    return Optional.ofNullable(pod.getVolumes()).orElse(List.of());
  }

  private static Affinity nodeAffinityOnly(Affinity affinity) {
    if (affinity == null || affinity.getNodeAffinity() == null) {
      return null;
    }
    return new AffinityBuilder().withNodeAffinity(affinity.getNodeAffinity()).build();
  }
}
