package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalS3;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecretBuilder;
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

  /**
   * The Secret {@code name} with s3rver's keys for s3://; only the access key id unless {@code
   * both}.
   */
  static void s3Keys(OperatorHarness harness, String name, boolean both) {
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(harness.namespace())
            .endMetadata()
            .addToStringData("AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY_ID);
    if (both) {
      secret.addToStringData("AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_ACCESS_KEY);
    }
    harness.client().resource(secret.build()).createOr(r -> r.update());
  }

  /** A gzipped tarball holding the executable "shop", which prints {@code version}. */
  /**
   * {@code count} suspended DewyDeployments FLEET0 .. of one release source (with {@code secret} as
   * spec.credentialsSecret, when not null) into volume "app": they poll and change nothing.
   */
  static void suspendedFleet(
      OperatorHarness harness,
      String prefix,
      int count,
      String registry,
      String secret,
      Duration interval) {
    for (int i = 0; i < count; i++) {
      String name = prefix + i;
      workload(harness, name, Path.of("/nonexistent"));
      harness
          .dewy(name)
          .registry(registry)
          .credentialsSecret(secret)
          .volume("app")
          .interval(interval.toSeconds() + "s")
          .suspend(true)
          .create();
    }
  }

  /**
   * The one ReportFailed Warning of {@code name}, once it is there: its message begins with the
   * version and the registry's scheme and ends in the consequence; returned for the cause.
   */
  static String awaitReportFailed(
      OperatorHarness harness, String name, String version, String scheme) {
    var events = harness.awaitEvents(name, Reasons.REPORT_FAILED);
    var failed = events.stream().filter(e -> Reasons.REPORT_FAILED.equals(e.getReason())).toList();
    org.assertj.core.api.Assertions.assertThat(failed)
        .singleElement()
        .satisfies(
            e -> {
              org.assertj.core.api.Assertions.assertThat(e.getType()).isEqualTo("Warning");
              org.assertj.core.api.Assertions.assertThat(e.getMessage())
                  .startsWith(
                      "the shipping report of %s to spec.registry failed: %s://"
                          .formatted(version, scheme))
                  .endsWith("; the deploy stands (set spec.report: false to stop reporting)");
            });
    return failed.get(0).getMessage();
  }

  static byte[] release(String version) throws IOException {
    return release(version, 0100755);
  }

  /** A gzipped tarball holding "shop", printing {@code version}, with file mode {@code mode}. */
  static byte[] release(String version, int mode) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gzip = new GzipCompressorOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      byte[] body = ("#!/bin/sh\necho " + version + "\n").getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("shop");
      entry.setMode(mode);
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
