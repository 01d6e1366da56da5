package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import dev.dewy.sandbox.testenv.TestCluster;
import dev.dewy.sandbox.testenv.TestClusters;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 6 as a user sees it: kubectl against the sandbox with the real DewyDeployment CRD refuses,
 * prunes and defaults as a real API server does; the same assertions hold on kube-apiserver.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(ControlPlaneExtension.class)
class DewyDeploymentValidationIT {

  private static final Path CRD = Path.of("..", "crds", "dewydeployments.dewy.dev-v1.yml");
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final ResourceDefinitionContext DEWY_DEPLOYMENTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("dewy.dev")
          .withVersion("v1alpha1")
          .withPlural("dewydeployments")
          .withKind("DewyDeployment")
          .withNamespaced(true)
          .build();
  private static final String VALID_SPEC =
      """
        registry: img://registry.example.com/shop/myapp
        target:
          kind: Deployment
          name: myapp
        hooks:
          beforeDeploy:
            command: echo before
            timeout: 5m
            retries: 1
      """;

  private static final String CRD_NAME = "dewydeployments.dewy.dev";

  @Parameter Backend backend;
  @TempDir Path dir;

  private TestCluster cluster;
  private KubernetesClient client;
  private Kubectl kubectl;
  private String shop;
  private final List<String> namespaces = new ArrayList<>();

  @BeforeEach
  void givenTheDewyDeploymentCrdAndTheShopNamespace(TestClusters clusters) {
    cluster = clusters.start(backend, "dewy-validation-it");
    client = cluster.client();
    // not bound to the cluster's namespace: the manifests name their own
    kubectl = new Kubectl(cluster.kubeconfig(), cluster.kubectl().binary());
    TestCrds.deleteAndAwaitGone(client, CRD_NAME);
    TestCrds.apply(kubectl, client, CRD, CRD_NAME, "created");
    shop = createNamespace("shop");
  }

  @AfterEach
  void deleteTheCrdAndTheNamespaces() {
    try {
      TestCrds.deleteAndAwaitGone(client, CRD_NAME);
      namespaces.forEach(n -> client.namespaces().withName(n).delete());
    } finally {
      cluster.close();
    }
  }

  /** A namespace of this test's own, named after {@code prefix}. */
  private String createNamespace(String prefix) {
    String name = TestNames.unique(prefix);
    succeeds(kubectl.run("create", "namespace", name));
    namespaces.add(name);
    return name;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          registry missing   | '  registry: img://registry.example.com/shop/myapp\\n' | ''                   | 'spec.registry: Required value'
          kind Job           | 'kind: Deployment'                                    | 'kind: Job'           | 'spec.target.kind: Unsupported value: "Job": supported values: "DaemonSet", "Deployment", "StatefulSet"'
          malformed duration | 'timeout: 5m'                                         | 'timeout: 5 minutes'  | 'spec.hooks.beforeDeploy.timeout: Invalid value: "5 minutes": spec.hooks.beforeDeploy.timeout in body should match'
          negative retries   | 'retries: 1'                                          | 'retries: -1'         | 'spec.hooks.beforeDeploy.retries: Invalid value: -1: spec.hooks.beforeDeploy.retries in body should be greater than or equal to 0'
          """)
  void invalidDewyDeploymentIsRefusedNamingTheFieldAndNothingIsStored(
      String name, String valid, String invalid, String cause) throws IOException {
    Path manifest = manifest(VALID_SPEC.replace(valid.replace("\\n", "\n"), invalid));

    var applied = kubectl.run("apply", "-f", manifest.toString());
    var dryRun = kubectl.run("apply", "--dry-run=server", "-f", manifest.toString());

    assertThat(applied.exitCode()).as(applied.toString()).isNotZero();
    assertThat(applied.stderr())
        .as(applied.toString())
        .contains("The DewyDeployment \"myapp\" is invalid: ")
        .contains(cause);
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isNotZero();
    assertThat(dryRun.stderr()).isEqualTo(applied.stderr());
    assertThat(stored()).isNull();
  }

  @Test
  void serverDryRunOfAValidDewyDeploymentAnswersCreatedAndStoresNothing() throws IOException {
    var result = kubectl.run("apply", "--dry-run=server", "-f", manifest(VALID_SPEC).toString());

    assertThat(result.stdout())
        .as(result.toString())
        .contains("dewydeployment.dewy.dev/myapp created (server dry run)");
    assertThat(stored()).isNull();
  }

  @Test
  void unknownFieldIsReportedUnderStrictValidation() throws IOException {
    Path manifest = manifest(VALID_SPEC + "  registy: img://typo.example.com/app\n");

    var result = kubectl.run("apply", "--validate=strict", "-f", manifest.toString());

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .as(result.toString())
        .contains("strict decoding error: unknown field \"spec.registy\"");
    assertThat(stored()).isNull();
  }

  @Test
  void unknownFieldIsPrunedWithAWarningAndDefaultsAreFilledIn() throws IOException {
    Path manifest = manifest(VALID_SPEC + "  registy: img://typo.example.com/app\n");

    var result = kubectl.run("apply", "--validate=warn", "-f", manifest.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stderr()).contains("Warning: unknown field \"spec.registy\"");
    Map<String, Object> spec = stored().get("spec");
    assertThat(spec)
        .doesNotContainKey("registy")
        .containsEntry("registry", "img://registry.example.com/shop/myapp")
        .containsEntry("interval", "1m")
        .containsEntry("suspend", false)
        .containsEntry("historyLimit", 10);
  }

  @Test
  void unknownFieldIsWarnedAboutAlsoWhenTheObjectIsRefused() throws IOException {
    Path manifest =
        manifest(VALID_SPEC.replace("retries: 1", "retries: -1") + "  registy: img://typo\n");

    var result = kubectl.run("apply", "--validate=warn", "-f", manifest.toString());

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .as(result.toString())
        .contains("Warning: unknown field \"spec.registy\"")
        .contains("spec.hooks.beforeDeploy.retries: Invalid value: -1");
    assertThat(stored()).isNull();
  }

  @Test
  void statusWriteLosesAFieldTheSchemaDoesNotDeclare() throws IOException {
    succeeds(kubectl.run("apply", "-f", manifest(VALID_SPEC).toString()));

    var result =
        kubectl.run(
            "patch",
            "dd",
            "myapp",
            "-n",
            shop,
            "--subresource=status",
            "--type=merge",
            "-p",
            "{\"status\":{\"phase\":\"Idle\",\"colour\":\"green\"}}");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Map<String, Object> status = stored().get("status");
    assertThat(status).containsEntry("phase", "Idle").doesNotContainKey("colour");
  }

  @Test
  void statusWriteFromFabric8LosesAFieldTheSchemaDoesNotDeclare() throws IOException {
    succeeds(kubectl.run("apply", "-f", manifest(VALID_SPEC).toString()));

    client
        .genericKubernetesResources(DEWY_DEPLOYMENTS)
        .inNamespace(shop)
        .withName("myapp")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"currentVersion\":\"v1.2.0\",\"currentVersoin\":\"typo\"}}");

    Map<String, Object> status = stored().get("status");
    assertThat(status).containsEntry("currentVersion", "v1.2.0").containsOnlyKeys("currentVersion");
  }

  @Test
  void everyExampleAppliesCleanlyUnderStrictValidation() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
    // Users create the examples' namespaces first; so does this test, whatever they are, under
    // names of its own, as the control plane is shared.
    java.util.regex.Pattern declared =
        java.util.regex.Pattern.compile("(?m)^(\\s+namespace:\\s*)(\\S+)\\s*$");
    java.util.Map<String, String> renamed = new java.util.TreeMap<>();
    for (Path example : examples) {
      java.util.regex.Matcher m = declared.matcher(Files.readString(example));
      while (m.find()) {
        renamed.computeIfAbsent(m.group(2), this::createNamespace);
      }
    }

    for (Path example : examples) {
      Path placed = dir.resolve(example.getFileName());
      Files.writeString(
          placed,
          declared
              .matcher(Files.readString(example))
              .replaceAll(m -> m.group(1) + renamed.get(m.group(2))));
      var result = kubectl.run("apply", "--validate=strict", "-f", placed.toString());
      assertThat(result.exitCode()).as(example + "\n" + result).isZero();
      assertThat(result.stderr()).as(example + "\n" + result).isEmpty();
      assertThat(result.stdout()).as(example + "\n" + result).contains("created");
    }
  }

  @Test
  void crdWhoseSchemaIsNotStructuralIsRefused() throws IOException {
    Path crd = dir.resolve("gadget-crd.yaml");
    Files.writeString(
        crd,
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.test.dewy.dev
        spec:
          group: test.dewy.dev
          names: {kind: Gadget, plural: gadgets}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      properties:
                        size: {type: integer}
        """);

    var result = kubectl.run("apply", "-f", crd.toString());

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .as(result.toString())
        .contains(
            "The CustomResourceDefinition \"gadgets.test.dewy.dev\" is invalid: "
                + "spec.validation.openAPIV3Schema.properties[spec].type: "
                + "Required value: must not be empty for specified object fields");
    assertThat(kubectl.run("get", "crd", "gadgets.test.dewy.dev").exitCode()).isNotZero();
  }

  private GenericKubernetesResource stored() {
    return client
        .genericKubernetesResources(DEWY_DEPLOYMENTS)
        .inNamespace(shop)
        .withName("myapp")
        .get();
  }

  private Path manifest(String spec) throws IOException {
    Path file = Files.createTempFile(dir, "dewydeployment", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata:
          name: myapp
          namespace: %s
        spec:
        """
                .formatted(shop)
            + spec);
    return file;
  }

  private static void succeeds(Kubectl.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }
}
