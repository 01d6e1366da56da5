package dev.dewy.operator.demo;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real registry for the demo: Debian's docker-registry serving a temp dir, pushed to over HTTP.
 */
public final class DistributionRegistry implements DemoRegistry {
  private final Path dir;
  private final RegistryProcess process;
  private final OciImagePusher pusher;

  private DistributionRegistry(Path dir, RegistryProcess process) {
    this.dir = dir;
    this.process = process;
    this.pusher = new OciImagePusher(process.address(), repository -> Optional.empty());
  }

  /** Starts docker-registry on a free port; fails naming the package if it is not installed. */
  public static DistributionRegistry start() {
    try {
      Path dir = Files.createTempDirectory("dewy-demo-registry");
      return new DistributionRegistry(dir, RegistryProcess.start(dir, ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String hostPort() {
    return process.address().getAuthority();
  }

  @Override
  public void publish(String repository, String tag) {
    pusher.push(repository, tag);
  }

  @Override
  public String description() {
    return "docker-registry (CNCF distribution) on " + hostPort();
  }

  @Override
  public void close() {
    process.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
