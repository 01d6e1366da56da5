package dev.dewy.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.Helm;
import dev.dewy.operator.testing.WebManifest;
import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.testenv.ControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's life on the real control plane with the real helm: install, an upgrade that changes
 * the CRD, and an uninstall that leaves the CRD, the DewyDeployments and their workloads in place.
 */
class ChartLifecycleIT {
  private static final String CRD = "dewydeployments.dewy.dev";
  private static final Path COMMITTED_CRD = Path.of("../crds/dewydeployments.dewy.dev-v1.yml");
  private static final String RELEASE = "dewy-lifecycle";

  @TempDir Path dir;

  private ControlPlane plane;
  private String releaseNamespace;
  private String apps;

  /**
   * A control plane of this test's own, without the CRD, as before a first install. Not the shared
   * one: deleting a CRD waits for every resource of its kind in the cluster, and while it is
   * terminating no other test could create a DewyDeployment.
   */
  @BeforeEach
  void startAControlPlaneWithoutTheCrd() {
    plane = ControlPlane.start();
  }

  @AfterEach
  void stopIt() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  void installUpgradeToANewCrdAndUninstallKeepingDeploymentsAndWorkloads() throws IOException {
    Kubectl kubectl = freshCluster();

    ok(helm().run("install", RELEASE, Helm.CHART.toString(), "-n", releaseNamespace, "--wait"));
    ok(kubectl.run("wait", "--for=condition=Established", "crd/" + CRD, "--timeout=60s"));

    assertThat(jsonpath("crd", CRD, "{.metadata.annotations.helm\\.sh/resource-policy}"))
        .isEqualTo("keep");
    assertThat(jsonpath("crd", CRD, "{.metadata.labels.app\\.kubernetes\\.io/instance}"))
        .isEqualTo(RELEASE);
    String operator = RELEASE + "-dewy-operator";
    assertThat(
            kubectl
                .inNamespace(releaseNamespace)
                .run("get", "deploy", operator, "-o", "jsonpath={.status.readyReplicas}")
                .stdout())
        .isEqualTo("1");
    ok(kubectl.inNamespace(apps).run("apply", "-f", workloadAndDewyDeployment().toString()));
    String ddUid = jsonpath("dd", "web", "{.metadata.uid}");
    String webUid = jsonpath("deploy", "web", "{.metadata.uid}");

    ok(
        helm()
            .run(
                "upgrade",
                RELEASE,
                chartWithAChangedCrd().toString(),
                "-n",
                releaseNamespace,
                "--wait"));

    assertThat(jsonpath("crd", CRD, "{.spec.versions[0].additionalPrinterColumns[*].name}"))
        .isEqualTo("Ready Current Latest Phase Registry Age");
    assertThat(
            jsonpath(
                "crd",
                CRD,
                "{.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.team.type}"))
        .isEqualTo("string");
    ok(
        kubectl
            .inNamespace(apps)
            .run("patch", "dd", "web", "--type=merge", "-p", "{\"spec\":{\"team\":\"shop\"}}"));
    assertThat(jsonpath("dd", "web", "{.spec.team}")).as("kept, not pruned").isEqualTo("shop");
    assertThat(kubectl.inNamespace(apps).run("get", "dd", "web").stdout())
        .contains("REGISTRY")
        .contains("img://registry.example.com/shop/web");
    assertThat(jsonpath("deploy", operator, releaseNamespace, "{.metadata.labels.helm\\.sh/chart}"))
        .isEqualTo("dewy-operator-0.1.1");

    Helm.Result uninstalled = helm().run("uninstall", RELEASE, "-n", releaseNamespace, "--wait");

    ok(uninstalled);
    assertThat(uninstalled.output())
        .contains("These resources were kept due to the resource policy")
        .contains("[CustomResourceDefinition] " + CRD);
    assertThat(jsonpath("crd", CRD, "{.spec.versions[0].additionalPrinterColumns[*].name}"))
        .contains("Registry");
    assertThat(jsonpath("dd", "web", "{.metadata.uid}")).isEqualTo(ddUid);
    assertThat(jsonpath("dd", "web", "{.spec.team}")).isEqualTo("shop");
    assertThat(jsonpath("deploy", "web", "{.metadata.uid}")).isEqualTo(webUid);
    assertThat(jsonpath("deploy", "web", "{.spec.template.spec.containers[0].image}"))
        .isEqualTo("registry.example.com/shop/web:v1.0.0");
    KubernetesClient admin = plane.client();
    assertThat(admin.apps().deployments().inNamespace(releaseNamespace).withName(operator).get())
        .isNull();
    assertThat(admin.rbac().clusterRoles().withName(operator).get()).isNull();
    assertThat(admin.serviceAccounts().inNamespace(releaseNamespace).withName(operator).get())
        .isNull();
  }

  @Test
  void aCrdAppliedByHandIsTakenOverAndItsFirstChangeNeedsForceConflictsOnce() throws IOException {
    Kubectl kubectl = freshCluster();
    ok(kubectl.run("apply", "-f", COMMITTED_CRD.toString()));

    Helm.Result refused =
        helm().run("install", RELEASE, Helm.CHART.toString(), "-n", releaseNamespace);
    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.output()).contains("exists and cannot be imported into the current release");
    ok(
        helm()
            .run(
                "install",
                RELEASE,
                Helm.CHART.toString(),
                "-n",
                releaseNamespace,
                "--take-ownership"));
    assertThat(jsonpath("crd", CRD, "{.metadata.annotations.meta\\.helm\\.sh/release-name}"))
        .isEqualTo(RELEASE);

    Path changed = chartWithAChangedCrd();
    Helm.Result conflict =
        helm().run("upgrade", RELEASE, changed.toString(), "-n", releaseNamespace);
    assertThat(conflict.exitCode()).as(conflict.toString()).isNotZero();
    assertThat(conflict.output()).contains("conflict with \"kubectl");
    ok(
        helm()
            .run(
                "upgrade",
                RELEASE,
                changed.toString(),
                "-n",
                releaseNamespace,
                "--force-conflicts"));
    assertThat(jsonpath("crd", CRD, "{.spec.versions[0].additionalPrinterColumns[*].name}"))
        .isEqualTo("Ready Current Latest Phase Registry Age");
    ok(helm().run("upgrade", RELEASE, Helm.CHART.toString(), "-n", releaseNamespace));
    assertThat(jsonpath("crd", CRD, "{.spec.versions[0].additionalPrinterColumns[*].name}"))
        .isEqualTo("Ready Current Latest Phase Age");
  }

  /** Namespaces for the release and the apps. */
  private Kubectl freshCluster() {
    releaseNamespace = plane.createNamespace("chart-release");
    apps = plane.createNamespace("chart-apps");
    return plane.kubectl();
  }

  /**
   * The chart as its next version could ship it: one more printer column and one more spec field in
   * the CRD template.
   */
  private Path chartWithAChangedCrd() throws IOException {
    Path copy = dir.resolve("dewy-operator");
    try (Stream<Path> files = Files.walk(Helm.CHART)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve(Helm.CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    replace(copy.resolve("Chart.yaml"), "version: 0.1.0", "version: 0.1.1");
    Path template = copy.resolve("templates/crd-dewydeployments.yaml");
    String age = "    - description: \"When the DewyDeployment was created\"\n";
    replace(
        template,
        age,
        "    - description: \"The registry polled\"\n"
            + "      jsonPath: \".spec.registry\"\n"
            + "      name: \"Registry\"\n"
            + "      type: \"string\"\n"
            + age);
    String registry = "              registry:\n";
    replace(
        template,
        registry,
        "              team:\n"
            + "                description: \"The team that owns the workload\"\n"
            + "                type: \"string\"\n"
            + registry);
    return copy;
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    assertThat(text).as("%s holds %s", file, from).contains(from);
    Files.writeString(file, text.replace(from, to));
  }

  private Path workloadAndDewyDeployment() throws IOException {
    return Files.writeString(
        dir.resolve("web.yaml"),
        WebManifest.deployment("registry.example.com/shop/web:v1.0.0")
            + "---\n"
            + "{apiVersion: dewy.dev/v1alpha1, kind: DewyDeployment, metadata: {name: web},"
            + " spec: {registry: img://registry.example.com/shop/web,"
            + " target: {kind: Deployment, name: web}}}\n");
  }

  private String jsonpath(String kind, String name, String path) {
    return jsonpath(kind, name, apps, path);
  }

  private String jsonpath(String kind, String name, String namespace, String path) {
    List<String> args =
        kind.equals("crd")
            ? List.of("get", kind, name, "-o", "jsonpath=" + path)
            : List.of("get", kind, name, "-n", namespace, "-o", "jsonpath=" + path);
    Kubectl.Result result = plane.kubectl().run(args.toArray(String[]::new));
    ok(result);
    return result.stdout();
  }

  private Helm helm() {
    return Helm.on(plane.kubeconfig());
  }

  private static void ok(Kubectl.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  private static void ok(Helm.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }
}
