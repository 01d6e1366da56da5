package dev.dewy.operator.deploy;

import static dev.dewy.operator.deploy.FlowFixtures.ready;
import static dev.dewy.operator.deploy.FlowFixtures.readyReason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.TagFilterSpec;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.tagFilter on the real control plane: the expressions choose which tags the version policy
 * sees, a filter that leaves nothing says so, and an expression RE2 cannot compile is refused by
 * kube-apiserver at kubectl apply, naming the field.
 */
class TagFilterIT {
  private static final Duration LONG = Duration.ofSeconds(60);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  private static TagFilterSpec filter(String include, String exclude) {
    TagFilterSpec filter = new TagFilterSpec();
    filter.setInclude(include);
    filter.setExclude(exclude);
    return filter;
  }

  @Test
  void theNewestTagThatPassesTheFilterIsDeployed() {
    registry.pushImages("shop/line", "v1.0.0", "v1.1.0", "v1.2.0-debug", "v1.3.0-debug", "v2.0.0");
    harness.deployment("line", registry.imageReference("shop/line", "v1.0.0"));

    harness
        .dewy("line")
        .registry(registry.registryUrl("shop/line") + "?pre-release=true")
        .tagFilter(filter("^v1\\.", "-debug$"))
        .create();

    DewyDeployment dd =
        harness.await("line", LONG, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(harness.image("line")).isEqualTo(registry.pinnedReference("shop/line", "v1.1.0"));
    assertThat(dd.getStatus().getLatestVersion()).isEqualTo("v1.1.0");
    assertThat(ready(dd).getReason()).isEqualTo(Reasons.UP_TO_DATE);
  }

  @Test
  void aFilterThatLeavesNoVersionSaysSoAndChangesNothing() {
    registry.pushImages("shop/none", "v1.0.0", "v1.1.0");
    harness.deployment("none", registry.imageReference("shop/none", "v1.0.0"));

    harness
        .dewy("none")
        .registry(registry.registryUrl("shop/none"))
        .tagFilter(filter("^release-", null))
        .create();

    DewyDeployment dd =
        harness.await("none", LONG, d -> readyReason(d, Reasons.NO_MATCHING_VERSION));
    assertThat(ready(dd).getMessage())
        .endsWith("; spec.tagFilter let 0 of the registry's 2 tags through");
    assertThat(harness.image("none")).isEqualTo(registry.imageReference("shop/none", "v1.0.0"));
  }

  @Test
  void anExpressionThatIsNotARegularExpressionIsRefusedAtApply() throws Exception {
    Path file = Files.createTempFile("tagfilter", ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: dewy.dev/v1alpha1
        kind: DewyDeployment
        metadata: {name: web}
        spec:
          registry: img://registry.example.com/shop/web
          tagFilter: {include: '^v1\\.(0', exclude: '-debug$'}
          target: {kind: Deployment, name: web}
        """);

    Kubectl.Result result = harness.kubectl().run("apply", "-f", file.toString());

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr())
        .contains("The DewyDeployment \"web\" is invalid", "spec.tagFilter.include")
        .contains("missing closing )")
        .doesNotContain("spec.tagFilter.exclude");
    assertThat(harness.get("web")).isNull();
  }
}
