package dev.dewy.operator.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a demo runs: where its kubeconfig goes, which registry serves the versions, when the newer
 * version is published and where the guide is printed; tests pick the registry and the delay.
 */
public record DemoSettings(
    Path kubeconfig, Supplier<DemoRegistry> registry, Duration publishDelay, PrintStream out) {

  /** What {@code --demo} uses: target/sandbox.kubeconfig, the best registry, v1.1.0 after 5 s. */
  public static DemoSettings defaults() {
    return new DemoSettings(
        Path.of("target", "sandbox.kubeconfig").toAbsolutePath(),
        DemoRegistry::best,
        Duration.ofSeconds(5),
        System.out);
  }

  public DemoSettings withKubeconfig(Path file) {
    return new DemoSettings(file, registry, publishDelay, out);
  }

  public DemoSettings withRegistry(Supplier<DemoRegistry> supplier) {
    return new DemoSettings(kubeconfig, supplier, publishDelay, out);
  }

  public DemoSettings withPublishDelay(Duration delay) {
    return new DemoSettings(kubeconfig, registry, delay, out);
  }

  public DemoSettings withOut(PrintStream stream) {
    return new DemoSettings(kubeconfig, registry, publishDelay, stream);
  }
}
