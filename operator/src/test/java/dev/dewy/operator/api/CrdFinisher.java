package dev.dewy.operator.api;

import dev.dewy.operator.api.v1alpha1.DewyDeploymentSpec;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the CRD that fabric8's generator writes into the one we ship: the generator sorts printer
 * columns by JSONPath (AGE would come first), writes {@code priority: 0}, which kube-apiserver
 * drops (so every {@code kubectl apply} of the file said "configured" and GitOps tools saw drift),
 * cannot express list-map keys or required fields of embedded Kubernetes types, and leaves those
 * types undescribed ({@link EmbeddedDescriptions} takes Kubernetes' own words for them).
 */
final class CrdFinisher {
  private static final List<String> COLUMN_ORDER = List.of("Ready", "Current", "Latest", "Phase");

  private CrdFinisher() {}

  static String finish(String generatedYaml) {
    EmbeddedDescriptions embedded = new EmbeddedDescriptions(KubernetesOpenApi.load());
    CustomResourceDefinition crd =
        Serialization.unmarshal(generatedYaml, CustomResourceDefinition.class);
    crd.getSpec().getNames().setCategories(List.of("dewy"));
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      version.setAdditionalPrinterColumns(ordered(version.getAdditionalPrinterColumns()));
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(
          "DewyDeployment keeps a workload at the newest release of a registry, running a"
              + " before-deploy and an after-deploy hook as Jobs around each rollout.");
      root.getProperties()
          .get("spec")
          .setDescription(
              "What to deploy, from which registry, into which workload, guarded by which"
                  + " hooks.");
      JSONSchemaProps status = root.getProperties().get("status");
      status.setDescription(
          "What the operator observed and did: versions, the phase of the rollout, the latest"
              + " run of each hook with its output, and the history of deploys.");
      JSONSchemaProps conditions = status.getProperties().get("conditions");
      conditions.setXKubernetesListType("map");
      conditions.setXKubernetesListMapKeys(List.of("type"));
      JSONSchemaProps hooks = root.getProperties().get("spec").getProperties().get("hooks");
      for (JSONSchemaProps hook : hooks.getProperties().values()) {
        JSONSchemaProps envItem = hook.getProperties().get("env").getItems().getSchema();
        envItem.setRequired(List.of("name"));
      }
      embedded.describe(DewyDeploymentSpec.class, root.getProperties().get("spec"));
      embedded.describe(DewyDeploymentStatus.class, status);
    }
    return Serialization.asYaml(crd);
  }

  /** Declared columns in the order users read them, then AGE last, as kubectl shows it. */
  private static List<CustomResourceColumnDefinition> ordered(
      List<CustomResourceColumnDefinition> columns) {
    List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
    for (CustomResourceColumnDefinition column : sorted) {
      if (Integer.valueOf(0).equals(column.getPriority())) {
        column.setPriority(null);
      }
    }
    sorted.sort(
        Comparator.comparingInt(
            column -> {
              int index = COLUMN_ORDER.indexOf(column.getName());
              return index < 0 ? COLUMN_ORDER.size() : index;
            }));
    return sorted;
  }
}
