package dev.dewy.operator.demo;

import java.util.Optional;

/** Where the demo publishes its versions: an OCI registry on 127.0.0.1 the operator can poll. */
public interface DemoRegistry extends AutoCloseable {

  /** 127.0.0.1:PORT, as it appears in img:// URLs and image names. */
  String hostPort();

  /** Publishes a tiny image as {@code repository:tag}, so the tags list shows it. */
  void publish(String repository, String tag);

  /** What serves the images, for the user: which registry and where. */
  String description();

  @Override
  void close();

  /** Debian's docker-registry when it is installed, otherwise the embedded stand-in. */
  static DemoRegistry best() {
    Optional<String> binary =
        RegistryProcess.findOnPath("docker-registry", System.getenv().getOrDefault("PATH", ""));
    return binary.isPresent() ? DistributionRegistry.start() : StandInRegistry.start();
  }
}
