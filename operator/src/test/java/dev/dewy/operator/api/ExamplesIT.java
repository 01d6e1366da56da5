package dev.dewy.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example, applied with {@code kubectl apply -f} as it is to a fresh namespace of the real
 * control plane, with the operator running, reaches Ready at the version it is about. Only the
 * registry host is swapped for a local registry's, as the demo does; the registry holds what the
 * example's comments describe. Hooks that need their own image's tools (pg_dump, curl) are not run
 * here, since this cluster's node runs hook commands on the host: those examples find their
 * workload at the newest allowed version already.
 */
@ExtendWith(ControlPlaneExtension.class)
class ExamplesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @TempDir Path dir;

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  static Stream<Arguments> examples() {
    return Stream.of(
        example("00-quickstart.yaml", "demo/hello", "v1.1.0", "validated v1.1.0\n", "v1.0.0"),
        example(
            "01-simple-hooks.yaml",
            "shop/myapp",
            "v1.1.0",
            "Deployment of v1.1.0 completed\n",
            "v1.0.0"),
        example("02-database-backup.yaml", "shop/orders", "v1.0.0", null),
        example("03-migration.yaml", "shop/rails-app", "v1.0.0", null),
        example("04-load-balancer-drain.yaml", "shop/edge", "v1.0.0", null),
        example("05-health-check.yaml", "shop/api", "v2.3.0", null, "v3.0.0"),
        example("06-external-notification.yaml", "shop/checkout", "v1.0.0", null),
        example("07-calver-daemonset.yaml", "infra/node-agent", "2026.03.2", null),
        example("08-pinned-suspended.yaml", "shop/billing", "v3.1.4", null, "v3.2.0"));
  }

  /**
   * An example, the repository it polls, the version it must end at (also pushed), what its
   * after-deploy hook prints when it runs here, and the other tags the registry holds.
   */
  private static Arguments example(
      String file, String repository, String version, String afterHook, String... otherTags) {
    return Arguments.of(file, repository, version, afterHook, List.of(otherTags));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void exampleAppliesAsItIsAndReachesReady(
      String file,
      String repository,
      String version,
      String afterHook,
      List<String> otherTags,
      ControlPlane plane)
      throws IOException {
    registry.pushImages(repository, version);
    otherTags.forEach(tag -> registry.pushImages(repository, tag));
    harness = OperatorHarness.start(plane);
    Path manifest =
        Files.writeString(
            dir.resolve(file),
            Files.readString(Path.of("../examples", file))
                .replace("registry.example.com", registry.hostPort())
                .replace("localhost:5000", registry.hostPort()));

    Kubectl.Result applied = harness.kubectl().run("apply", "-f", manifest.toString());

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    String name = dewyDeploymentName(manifest);
    DewyDeployment dd =
        harness.await(
            name,
            TIMEOUT,
            d ->
                version.equals(d.getStatus().getCurrentVersion())
                    && d.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                    && (afterHook == null || d.getStatus().getHooks() != null));
    if (afterHook != null) {
      assertThat(dd.getStatus().getHooks().getAfterDeploy().getStdout()).isEqualTo(afterHook);
    }
    Kubectl.Result image =
        harness
            .kubectl()
            .run(
                "get",
                dd.getSpec().getTarget().getKind().toString().toLowerCase(),
                dd.getSpec().getTarget().getName(),
                "-o",
                "jsonpath={.spec.template.spec.containers[0].image}");
    // an example whose workload runs the version already keeps its image; one that dewy-operator
    // deploys to is pinned to the digest the registry names for the tag
    String byTag = registry.imageReference(repository, version);
    boolean ranAlready = Files.readString(manifest).contains("image: " + byTag + "\n");
    assertThat(image.stdout())
        .isEqualTo(ranAlready ? byTag : registry.pinnedReference(repository, version));
  }

  /** Examples whose registry these tests cannot serve; each is still applied as it is, below. */
  private static final List<String> APPLIED_ONLY =
      appliedOnly().map(a -> (String) a.get()[0]).toList();

  @Test
  void everyExampleFileIsAppliedByATestHere() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../examples"))) {
      List<String> all =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .sorted()
              .toList();
      List<String> covered =
          Stream.concat(examples().map(a -> (String) a.get()[0]), APPLIED_ONLY.stream())
              .sorted()
              .toList();
      assertThat(covered).isEqualTo(all);
    }
  }

  /**
   * The artifact examples name stores these tests cannot reach: s3:// an S3 bucket (VolumeDeployIT
   * deploys from a local one), ghr:// github.com (GitHubVolumeDeployIT deploys from a fake GitHub
   * API), gs:// a GCS bucket (GcsVolumeDeployIT deploys from an emulator). Here each must apply as
   * it is.
   */
  static Stream<Arguments> appliedOnly() {
    return Stream.of(
        Arguments.of(
            "09-s3-volume.yaml",
            List.of(
                "secret/s3-releases", "dewydeployment.dewy.dev/myapp", "deployment.apps/myapp")),
        Arguments.of(
            "10-ghr-volume.yaml",
            List.of(
                "secret/github-token",
                "dewydeployment.dewy.dev/dewy-tool",
                "deployment.apps/dewy-tool")),
        Arguments.of(
            "11-grpc-volume.yaml",
            List.of("dewydeployment.dewy.dev/myapp-grpc", "deployment.apps/myapp-grpc")),
        Arguments.of(
            "12-gs-volume.yaml",
            List.of("dewydeployment.dewy.dev/myapp-gcs", "deployment.apps/myapp-gcs")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("appliedOnly")
  void anArtifactExampleAppliesAsItIs(String example, List<String> objects, ControlPlane plane) {
    harness = OperatorHarness.start(plane);

    Kubectl.Result applied = harness.kubectl().run("apply", "-f", "../examples/" + example);

    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(applied.stdout().lines())
        .containsExactlyElementsOf(objects.stream().map(o -> o + " created").toList());
  }

  private static String dewyDeploymentName(Path manifest) throws IOException {
    List<String> lines = Files.readAllLines(manifest);
    int kind = lines.indexOf("kind: DewyDeployment");
    return lines.subList(kind, lines.size()).stream()
        .filter(l -> l.startsWith("  name: "))
        .findFirst()
        .orElseThrow()
        .substring("  name: ".length());
  }
}
