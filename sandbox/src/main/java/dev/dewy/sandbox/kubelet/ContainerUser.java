package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The uid and gid a container runs as: {@code runAsUser}/{@code runAsGroup} of the container's
 * securityContext, else the pod's, else the image's {@code User} (numeric, or a name looked up in
 * the image's /etc/passwd and /etc/group); root when nothing says otherwise.
 */
record ContainerUser(long uid, long gid) {

  static ContainerUser of(Pod pod, Container container, String imageUser, Path root)
      throws ContainerConfigException {
    var podContext = pod.getSpec().getSecurityContext();
    var context = container.getSecurityContext();
    Long uid = context == null ? null : context.getRunAsUser();
    if (uid == null && podContext != null) {
      uid = podContext.getRunAsUser();
    }
    Long gid = context == null ? null : context.getRunAsGroup();
    if (gid == null && podContext != null) {
      gid = podContext.getRunAsGroup();
    }
    String[] image =
        imageUser == null || imageUser.isEmpty() ? new String[0] : imageUser.split(":", 2);
    if (uid == null && image.length > 0) {
      uid = id(image[0], inRoot(root, "/etc/passwd"), "user", imageUser);
    }
    if (gid == null && image.length > 1) {
      gid = id(image[1], inRoot(root, "/etc/group"), "group", imageUser);
    }
    if (uid == null) {
      uid = 0L;
    }
    if (gid == null) {
      gid = primaryGroup(uid, inRoot(root, "/etc/passwd")).orElse(0L);
    }
    Boolean nonRoot = context == null ? null : context.getRunAsNonRoot();
    if (nonRoot == null && podContext != null) {
      nonRoot = podContext.getRunAsNonRoot();
    }
    if (Boolean.TRUE.equals(nonRoot) && uid == 0) {
      throw new ContainerConfigException(
          "container has runAsNonRoot and image will run as root (pod: \""
              + pod.getMetadata().getName()
              + "\", container: "
              + container.getName()
              + ")");
    }
    return new ContainerUser(uid, gid);
  }

  private static Path inRoot(Path root, String path) throws ContainerConfigException {
    try {
      return dev.dewy.sandbox.image.RootPath.resolve(root, path);
    } catch (IOException e) {
      throw new ContainerConfigException("the image's " + path + ": " + e.getMessage());
    }
  }

  private static long id(String value, Path database, String kind, String imageUser)
      throws ContainerConfigException {
    if (value.matches("\\d+")) {
      return Long.parseLong(value);
    }
    for (String line : lines(database)) {
      String[] fields = line.split(":");
      if (fields.length > 2 && fields[0].equals(value) && fields[2].matches("\\d+")) {
        return Long.parseLong(fields[2]);
      }
    }
    throw new ContainerConfigException(
        "the image's User \""
            + imageUser
            + "\" names the "
            + kind
            + " "
            + value
            + ", which the image's /etc/"
            + database.getFileName()
            + " does not list; set securityContext.runAsUser");
  }

  private static Optional<Long> primaryGroup(long uid, Path passwd) {
    for (String line : lines(passwd)) {
      String[] fields = line.split(":");
      if (fields.length > 3 && fields[2].equals(Long.toString(uid)) && fields[3].matches("\\d+")) {
        return Optional.of(Long.parseLong(fields[3]));
      }
    }
    return Optional.empty();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
