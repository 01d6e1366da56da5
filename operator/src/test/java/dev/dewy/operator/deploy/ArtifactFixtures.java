package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** What the volume deploy ITs of every artifact scheme share: the workload, a release, the wait. */
final class ArtifactFixtures {
  private ArtifactFixtures() {}

  /** A fresh folder under target/ that the app container mounts its volume at. */
  static Path mount() throws IOException {
    return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "volume-")
        .toAbsolutePath();
  }

  /** A Deployment whose app container mounts the emptyDir "app" at {@code mount}. */
  static void workload(OperatorHarness harness, String name, Path mount) {
    PodTemplateSpec template = OperatorHarness.template(name, "registry.example.com/shop:stable");
    template.getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("GREETING", "hi", null)));
    template
        .getSpec()
        .getContainers()
        .get(0)
        .setVolumeMounts(
            List.of(
                new VolumeMountBuilder().withName("app").withMountPath(mount.toString()).build()));
    template
        .getSpec()
        .setVolumes(
            List.of(new VolumeBuilder().withName("app").withNewEmptyDir().endEmptyDir().build()));
    FlowFixtures.deployment(harness, name, 1, template, null);
  }

  /** A gzipped tarball holding the executable "shop", which prints {@code version}. */
  static byte[] release(String version) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GzipCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      byte[] body = ("#!/bin/sh\necho " + version + "\n").getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("shop");
      entry.setMode(0100755);
      entry.setSize(body.length);
      tar.putArchiveEntry(entry);
      tar.write(body);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  /** Waits for the deploy of {@code version}; a timeout shows the pods, which tell why. */
  static DewyDeployment awaitVersion(OperatorHarness harness, String name, String version) {
    try {
      return harness.await(
          name,
          Duration.ofSeconds(120),
          d ->
              version.equals(d.getStatus().getCurrentVersion())
                  && d.getStatus().getRollout() == null);
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "\npods: "
              + Serialization.asYaml(
                  harness
                      .client()
                      .pods()
                      .inNamespace(harness.namespace())
                      .list()
                      .getItems()
                      .stream()
                      .map(p -> p.getStatus())
                      .toList()),
          e);
    }
  }
}
