package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.api.v1alpha1.DewyDeploymentSpec;
import dev.dewy.operator.api.v1alpha1.SpecRules;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the operator turns down that the CRD's schema admits (OpenAPI cannot say it): each case
 * stalls naming the field and the fix. BadInputIT shows the same on kube-apiserver, beside what the
 * schema refuses.
 */
class SpecCheckTest {
  private static final String WEB = "img://registry.example.com/shop/web";

  static Stream<Arguments> specsThatCannotWork() {
    return Stream.of(
        Arguments.of(
            "registry: img://registry.example.com/",
            "spec.registry",
            "needs a host and a repository"),
        Arguments.of("registry: " + WEB + ":v1.0.0", "spec.registry", "takes no tag"),
        Arguments.of(
            "registry: " + WEB + "?prerelease=true",
            "spec.registry",
            "unknown option \"prerelease\""),
        Arguments.of("registry: " + WEB + "?calver=release", "spec.registry", "calver"),
        Arguments.of(
            "registry: gs://releases/dewy?endpoint=ftp://x",
            "spec.registry",
            "endpoint must be an http or https URL"),
        Arguments.of("registry: " + WEB + "\ninterval: \"0\"", "spec.interval", "at least 1s"),
        Arguments.of(
            "registry: " + WEB + "\napprovalTimeout: 1h",
            "spec.approvalTimeout",
            "spec.approval is not manual: set approval: manual, or remove approvalTimeout"),
        Arguments.of(
            "registry: " + WEB + "\napproval: manual\napprovalTimeout: soon",
            "spec.approvalTimeout",
            "soon"),
        Arguments.of(
            "registry: " + WEB + "\nrollback: sometimes",
            "spec.rollback",
            "must be none (report a failed rollout) or auto (restore the previous version)"),
        Arguments.of(
            "registry: " + WEB + "\nrolloutTimeout: \"0\"", "spec.rolloutTimeout", "at least 1s"),
        Arguments.of(
            "registry: "
                + WEB
                + "\nhooks: {beforeDeploy: {command: 'true', rollbackOnFailure: true}}",
            "spec.hooks.beforeDeploy.rollbackOnFailure",
            "move rollbackOnFailure to hooks.afterDeploy, or remove it"),
        Arguments.of(
            "registry: " + WEB + "\napproval: sometimes",
            "spec.approval",
            "must be auto (deploy each new version) or manual"),
        Arguments.of(
            "registry: " + WEB + "\nhooks: {afterDeploy: {command: 'true', timeout: \"0\"}}",
            "spec.hooks.afterDeploy.timeout",
            "at least 1s"),
        Arguments.of(
            "registry: " + WEB + "\nversion: \"1.0\"", "spec.version", "is not a semver version"),
        Arguments.of(
            "registry: " + WEB + "\nversionConstraint: \">>1.0\"",
            "spec.versionConstraint",
            "is not a version"),
        Arguments.of(
            "registry: " + WEB + "\ntagFilter: {include: '^v1\\.(0'}",
            "spec.tagFilter.include",
            "\"^v1\\.(0\" is not a regular expression: missing closing )"),
        Arguments.of(
            "registry: " + WEB + "\ntagFilter: {exclude: '(?!debug)'}",
            "spec.tagFilter.exclude",
            "is not a regular expression"),
        Arguments.of(
            "registry: " + WEB + "\ntarget: {kind: Deployment, name: web, volume: app}",
            "spec.target.volume",
            SpecRules.VOLUME_NEEDS_ARTIFACT_REGISTRY),
        Arguments.of(
            "registry: s3://us-east-1/releases/web",
            "spec.target.volume",
            "is required for s3:// registries: name the pod template's volume"),
        Arguments.of(
            "registry: grpc://127.0.0.1:9000?no-tls=true",
            "spec.target.volume",
            "is required for grpc:// registries: name the pod template's volume"));
  }

  @Test
  void aGrpcRegistryWithAVolumePasses() {
    var checked =
        SpecCheck.check(
            Serialization.unmarshal(
                "registry: grpc://127.0.0.1:9000?no-tls=true\n"
                    + "target: {kind: Deployment, name: web, volume: app}",
                DewyDeploymentSpec.class));

    assertThat(checked.registry().scheme()).isEqualTo("grpc");
  }

  @Test
  void anS3RegistryWithAVolumePasses() {
    var checked =
        SpecCheck.check(
            Serialization.unmarshal(
                "registry: s3://us-east-1/releases/web?endpoint=http://127.0.0.1:4568\n"
                    + "target: {kind: Deployment, name: web, volume: app}",
                DewyDeploymentSpec.class));

    assertThat(checked.registry().scheme()).isEqualTo("s3");
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("specsThatCannotWork")
  void aSpecThatCannotWorkNamesTheFieldAndTheFix(String yaml, String field, String words) {
    String spec =
        yaml.contains("target:") ? yaml : yaml + "\ntarget: {kind: Deployment, name: web}";

    assertThatThrownBy(
            () -> SpecCheck.check(Serialization.unmarshal(spec, DewyDeploymentSpec.class)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith(field + ": ")
        .hasMessageContaining(words);
  }

  @Test
  void aSpecThatCanWorkPasses() {
    var checked =
        SpecCheck.check(
            Serialization.unmarshal(
                "registry: "
                    + WEB
                    + "?pre-release=true\ninterval: 30s\ntarget: {kind: Deployment, name: web}",
                DewyDeploymentSpec.class));

    assertThat(checked.interval()).hasSeconds(30);
  }
}
