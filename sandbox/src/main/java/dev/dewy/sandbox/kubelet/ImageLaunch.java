package dev.dewy.sandbox.kubelet;

import dev.dewy.sandbox.image.PulledImage;
import dev.dewy.sandbox.image.RootPath;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a container starts from its image, as a container runtime would start it on this host: the
 * image's files unpacked into a root of the container's own, a private mount namespace in which the
 * volumes, the termination message file, {@code /proc} and a few devices are mounted into it (the
 * root then made read-only if {@code readOnlyRootFilesystem}), and the argv run there as the
 * container's user with exactly the container's environment. The pod shares the host's network.
 */
final class ImageLaunch {
  /**
   * Positional parameters only: nothing from the pod or the image is ever part of the script. $1
   * root, $2 "ro" or "rw", $3 working dir, $4 uid, $5 gid, $6 the root's /proc, then triples
   * (source, target, ro|rw) up to "--", then the argv.
   */
  static final String MOUNT_AND_EXEC =
      """
      set -e
      root=$1 mode=$2 wd=$3 uid=$4 gid=$5 proc=$6
      shift 6
      /usr/bin/mount --bind "$root" "$root"
      while [ "$1" != -- ]; do
        /usr/bin/mount --bind "$1" "$2"
        if [ "$3" = ro ]; then /usr/bin/mount -o remount,bind,ro "$2"; fi
        shift 3
      done
      shift
      /usr/bin/mount -t proc proc "$proc"
      if [ "$mode" = ro ]; then /usr/bin/mount -o remount,bind,ro "$root"; fi
      exec /usr/bin/unshare --root="$root" --wd="$wd" --setgid="$gid" --setuid="$uid" -- "$@"
      """;

  private static final List<String> DEVICES =
      List.of("null", "zero", "full", "random", "urandom", "tty");
  private static final List<String> HOST_FILES = List.of("/etc/hosts", "/etc/resolv.conf");
  private static final String DEFAULT_PATH =
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ImageLaunch() {}

  /** A mount: a host path onto a path inside the container's root. */
  record Mount(Path source, Path target, boolean readOnly) {}

  /**
   * The container's environment: the image's Env, then the API server's address (no Service proxy
   * here: pods reach it directly), then the container's env, which wins.
   */
  static Map<String, String> environment(
      PulledImage image,
      Map<String, String> apiServer,
      Map<String, String> containerEnv,
      String hostname) {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> imageEnv = new ArrayList<>(image.config().env());
    if (imageEnv.stream().noneMatch(e -> e.startsWith("PATH="))) {
      imageEnv.add(0, DEFAULT_PATH);
    }
    for (String entry : imageEnv) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    env.put("HOSTNAME", hostname);
    env.putAll(apiServer);
    env.putAll(containerEnv);
    return env;
  }

  static ContainerLaunch prepare(
      Pod pod,
      Container container,
      PulledImage image,
      List<String> argv,
      Map<String, String> env,
      Path root,
      Path containerDir,
      Map<String, PodVolumes.HostVolume> volumes)
      throws ContainerConfigException, IOException {
    ContainerUser user = ContainerUser.of(pod, container, image.config().user(), root);
    List<Mount> mounts = new ArrayList<>();
    for (String device : DEVICES) {
      Path host = Path.of("/dev", device);
      if (Files.exists(host)) {
        mounts.add(new Mount(host, RootPath.file(root, host.toString()), false));
      }
    }
    for (String file : HOST_FILES) {
      if (Files.isRegularFile(Path.of(file))) {
        mounts.add(new Mount(Path.of(file), RootPath.file(root, file), true));
      }
    }
    Path messageFile = Files.writeString(containerDir.resolve("termination-log"), "");
    Files.setAttribute(messageFile, "unix:mode", 0666);
    String messagePath =
        container.getTerminationMessagePath() == null
            ? "/dev/termination-log"
            : container.getTerminationMessagePath();
    mounts.add(new Mount(messageFile, RootPath.file(root, messagePath), false));
    List<VolumeMount> volumeMounts = container.getVolumeMounts();
    for (VolumeMount mount : volumeMounts == null ? List.<VolumeMount>of() : volumeMounts) {
      PodVolumes.HostVolume volume = volumes.get(mount.getName());
      if (volume == null) {
        throw new ContainerConfigException(
            "volumeMounts: the volume \"" + mount.getName() + "\" is not among the pod's volumes");
      }
      Path source = volume.path();
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        source = RootPath.directory(source, mount.getSubPath());
      }
      Path target =
          Files.isDirectory(source)
              ? RootPath.directory(root, mount.getMountPath())
              : RootPath.file(root, mount.getMountPath());
      mounts.add(
          new Mount(source, target, volume.readOnly() || Boolean.TRUE.equals(mount.getReadOnly())));
    }
    String workingDir =
        container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()
            ? container.getWorkingDir()
            : image.config().workingDir().isEmpty() ? "/" : image.config().workingDir();
    RootPath.directory(root, workingDir);
    Path proc = RootPath.directory(root, "/proc");
    var context = container.getSecurityContext();
    boolean readOnly = context != null && Boolean.TRUE.equals(context.getReadOnlyRootFilesystem());

    List<String> command = new ArrayList<>();
    command.addAll(List.of("/usr/bin/unshare", "--mount", "--propagation", "private"));
    command.addAll(List.of("/bin/sh", "-c", MOUNT_AND_EXEC, "dewy-container"));
    command.addAll(
        List.of(
            root.toString(),
            readOnly ? "ro" : "rw",
            workingDir,
            Long.toString(user.uid()),
            Long.toString(user.gid()),
            proc.toString()));
    for (Mount mount : mounts) {
      command.addAll(
          List.of(
              mount.source().toString(),
              mount.target().toString(),
              mount.readOnly() ? "ro" : "rw"));
    }
    command.add("--");
    command.addAll(argv);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.directory(containerDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    return new ContainerLaunch(builder, messageFile);
  }
}
