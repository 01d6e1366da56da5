package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.Kubectl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Field ownership as kube-apiserver records it in managedFields: after a deploy the operator owns
 * exactly the target container's image and the version annotation of the workload's template, and
 * its claim on the workload (label dewy.dev/target, annotation dewy.dev/deployment), so Argo CD's
 * {@code ignoreDifferences.managedFieldsManagers: [dewy-operator]} ignores exactly what the
 * operator changes; and its status writes take no spec field from kubectl.
 */
class FieldOwnershipIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;
  private Kubectl kubectl;

  @BeforeEach
  void start() {
    kubectl = harness.kubectl();
  }

  @Test
  void afterADeployTheOperatorOwnsExactlyTheImageTheVersionAnnotationAndItsClaim()
      throws Exception {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    apply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: app
                image: %s
                env: [{name: MODE, value: prod}]
              - name: proxy
                image: envoy:1.30
        ---
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: web}
        spec:
          registry: %s
          interval: 1s
          target: {kind: Deployment, name: web, container: app}
          hooks:
            beforeDeploy: {command: 'echo before'}
        """
            .formatted(
                registry.imageReference("shop/web", "v1.0.0"), registry.registryUrl("shop/web")));

    DewyDeployment dd =
        harness.await(
            "web", Duration.ofSeconds(60), d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));

    Map<String, Set<String>> workload = owners(harness.workload("web"));
    assertThat(workload.get("dewy-operator"))
        .containsExactlyInAnyOrder(
            "metadata.labels.dewy.dev/target",
            "metadata.annotations.dewy.dev/deployment",
            "spec.template.metadata.annotations.dewy.dev/version",
            "spec.template.spec.containers[name=app].image");
    assertThat(workload.get("kubectl-client-side-apply"))
        .contains(
            "spec.template.spec.containers[name=app].env[name=MODE].value",
            "spec.template.spec.containers[name=proxy].image")
        .doesNotContain("spec.template.spec.containers[name=app].image");

    Map<String, Set<String>> resource = owners(dd);
    assertThat(resource.get("kubectl-client-side-apply"))
        .contains("spec.registry", "spec.hooks.beforeDeploy.command", "spec.target.name");
    assertThat(resource.get("dewy-operator"))
        .isNotEmpty()
        .allSatisfy(field -> assertThat(field).startsWith("status."));
    assertThat(subresources(dd, "dewy-operator")).containsOnly("status");
  }

  private void apply(String manifest) throws Exception {
    Path file = Files.createTempFile("ownership", ".yaml");
    Files.writeString(file, manifest);
    Kubectl.Result result = kubectl.run("apply", "-f", file.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  /** The leaf fields each manager owns, as readable paths: {@code a.b[name=x].c}. */
  private static Map<String, Set<String>> owners(HasMetadata object) {
    return object.getMetadata().getManagedFields().stream()
        .collect(
            Collectors.groupingBy(
                ManagedFieldsEntry::getManager,
                Collectors.flatMapping(
                    entry -> leaves(JSON.valueToTree(entry.getFieldsV1()), "").stream(),
                    Collectors.toCollection(TreeSet::new))));
  }

  private static Set<String> subresources(HasMetadata object, String manager) {
    return object.getMetadata().getManagedFields().stream()
        .filter(e -> manager.equals(e.getManager()))
        .map(e -> e.getSubresource() == null ? "" : e.getSubresource())
        .collect(Collectors.toSet());
  }

  /** FieldsV1 keys are f:NAME (a field), k:{JSON} (a list item by key) or . (the node itself). */
  private static List<String> leaves(JsonNode node, String path) {
    List<String> leaves = new java.util.ArrayList<>();
    node.fields()
        .forEachRemaining(
            field -> {
              String key = field.getKey();
              if (key.equals(".")) {
                return;
              }
              String next;
              if (key.startsWith("f:")) {
                next = (path.isEmpty() ? "" : path + ".") + key.substring(2);
              } else if (key.startsWith("k:")) {
                next = path + "[" + itemKey(key.substring(2)) + "]";
              } else {
                next = path + "[" + key + "]";
              }
              if (field.getValue().isEmpty()) {
                leaves.add(next);
              } else {
                leaves.addAll(leaves(field.getValue(), next));
              }
            });
    return leaves;
  }

  private static String itemKey(String json) {
    try {
      JsonNode key = JSON.readTree(json);
      List<String> parts = new java.util.ArrayList<>();
      key.fields().forEachRemaining(f -> parts.add(f.getKey() + "=" + f.getValue().asText()));
      return String.join(",", parts);
    } catch (Exception e) {
      return json;
    }
  }
}
