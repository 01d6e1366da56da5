package dev.dewy.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A workload kept at the newest release of a registry, deployed between two hook Jobs. */
@Group(DewyDeployment.GROUP)
@Version(DewyDeployment.VERSION)
@Kind("DewyDeployment")
@Plural("dewydeployments")
@Singular("dewydeployment")
@ShortNames("dd")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Whether the workload runs the newest version and nothing is failing")
@AdditionalPrinterColumn(
    name = "Current",
    jsonPath = ".status.currentVersion",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The version the workload runs now")
@AdditionalPrinterColumn(
    name = "Latest",
    jsonPath = ".status.latestVersion",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "The newest version the registry offers under the policy")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Where the current rollout stands")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "When the DewyDeployment was created")
public class DewyDeployment extends CustomResource<DewyDeploymentSpec, DewyDeploymentStatus>
    implements Namespaced {

  public static final String GROUP = "dewy.dev";
  public static final String VERSION = "v1alpha1";

  @Override
  protected DewyDeploymentStatus initStatus() {
    return new DewyDeploymentStatus();
  }
}
