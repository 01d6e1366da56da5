package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The workload a DewyDeployment updates; always in the DewyDeployment's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TargetSpec {

  @Default("Deployment")
  @JsonPropertyDescription("Kind of the workload: Deployment, StatefulSet or DaemonSet.")
  // An unknown kind reads as null, which SpecCheck reports; failing to read the resource would
  // stop the operator's informer, and with it every DewyDeployment. The null is written out, so
  // a copy made by serializing does not fall back to the default and update a Deployment.
  @JsonFormat(with = JsonFormat.Feature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  private TargetKind kind = TargetKind.Deployment;

  @Required
  @Pattern(Patterns.DNS_SUBDOMAIN)
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the workload, in the same namespace as this DewyDeployment.")
  private String name;

  @Pattern(Patterns.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription(
      "Container whose image is updated (img:// registries). Default: the first container.")
  private String container;

  @Pattern(Patterns.DNS_LABEL)
  @Size(max = 63)
  @JsonPropertyDescription(
      "For artifact registries (ghr, s3, gs, grpc): the pod volume the artifact is unpacked"
          + " into by an init container.")
  private String volume;

  public TargetKind getKind() {
    return kind;
  }

  public void setKind(TargetKind kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }

  public String getVolume() {
    return volume;
  }

  public void setVolume(String volume) {
    this.volume = volume;
  }
}
