package dev.dewy.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Helm chart, rendered and linted by the real helm binary (.ci/install-helm installs it). */
class HelmChartIT {
  private static final Path CHART = Helm.CHART;

  @Test
  void chartLintsCleanly() throws Exception {
    assertThat(helm("lint", CHART.toString())).contains("0 chart(s) failed");
  }

  @Test
  void defaultInstallWatchesAllNamespacesWithLeastPrivilege() throws Exception {
    List<HasMetadata> objects = render();
    ClusterRole role = only(objects, ClusterRole.class);
    assertThat(rules(role.getRules()))
        .containsExactlyInAnyOrder(
            "dewy.dev/dewydeployments:list,watch",
            "dewy.dev/dewydeployments/status:update",
            "apps/deployments,statefulsets,daemonsets:get,list,watch,patch",
            "batch/jobs:list,watch,create,delete",
            "/pods:list,watch",
            "/pods/log:get",
            "/secrets:get",
            "/events:create,patch");
    Deployment operator = only(objects, Deployment.class);
    assertThat(operator.getSpec().getReplicas()).isEqualTo(1);
    var container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getArgs())
        .containsExactly("--metrics-port=8080", "--leader-election-namespace=dewy-system");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
  }

  @Test
  void watchNamespacesGetRolesInsteadOfAClusterRole() throws Exception {
    List<HasMetadata> objects = render("--set", "watchNamespaces={shop,blog}");
    assertThat(objects).noneMatch(o -> o instanceof ClusterRole);
    assertThat(
            objects.stream()
                .filter(o -> o instanceof Role)
                .map(o -> o.getMetadata().getNamespace()))
        .containsExactlyInAnyOrder("shop", "blog", "dewy-system");
    Deployment operator = only(objects, Deployment.class);
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--namespace=shop", "--namespace=blog");
  }

  @Test
  void chartRendersTheCommittedCrdKeptOnUninstall() throws Exception {
    CustomResourceDefinition committed =
        Serialization.unmarshal(
            Files.readString(Path.of("../crds/dewydeployments.dewy.dev-v1.yml")),
            CustomResourceDefinition.class);
    CustomResourceDefinition rendered = only(render(), CustomResourceDefinition.class);
    assertThat(rendered.getSpec()).isEqualTo(committed.getSpec());
    assertThat(rendered.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(rendered.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "Helm");

    assertThat(only(render("--set", "crds.keep=false"), CustomResourceDefinition.class))
        .satisfies(crd -> assertThat(crd.getMetadata().getAnnotations()).isNullOrEmpty());
    assertThat(render("--set", "crds.enabled=false"))
        .noneMatch(o -> o instanceof CustomResourceDefinition);
  }

  @Test
  void oneReplicaHasNoDisruptionBudgetAndTwoKeepOneThroughADrain() throws Exception {
    assertThat(render()).noneMatch(o -> o instanceof PodDisruptionBudget);

    List<HasMetadata> objects = render("--set", "replicaCount=2");
    PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            only(objects, Deployment.class).getSpec().getTemplate().getMetadata().getLabels());
  }

  @Test
  void thePushSecretReachesTheOperatorFromItsSecretNeverAsAValue() throws Exception {
    assertThat(only(render(), Deployment.class).getSpec().getTemplate().getSpec().getContainers())
        .singleElement()
        .satisfies(
            c -> assertThat(c.getEnv()).noneMatch(e -> e.getName().equals("DEWY_PUSH_SECRET")));

    var env =
        only(render("--set", "push.secretName=registry-push"), Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()
            .stream()
            .filter(e -> e.getName().equals("DEWY_PUSH_SECRET"))
            .findFirst()
            .orElseThrow();
    assertThat(env.getValue()).isNull();
    assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("registry-push");
    assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret");
  }

  @Test
  void twoReplicasWithoutLeaderElectionAreRefusedWithTheFix() throws Exception {
    assertThat(helmFails("--set", "replicaCount=2", "--set", "leaderElection.enabled=false"))
        .contains("replicaCount=2 needs leaderElection.enabled=true");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "replicaCount=two       | at '/replicaCount': got string, want integer",
        "logLevel=LOUD          | at '/logLevel': value must be one of",
        "image.pullPolicy=Often | at '/image/pullPolicy': value must be one of",
        "metricsPort=70000      | at '/metricsPort'",
        "crds.keep=yes          | at '/crds/keep': got string, want boolean",
        "watchNamespaces={Shop} | at '/watchNamespaces/0'",
        "replicacount=2         | additional properties 'replicacount' not allowed",
        "image.repository=null  | missing property 'repository'",
        "push.secretName=Bad_Name | at '/push/secretName'",
      })
  void badValuesAreRefusedNamingTheValue(String value, String message) throws Exception {
    assertThat(helmFails("--set", value))
        .contains("values don't meet the specifications of the schema")
        .contains(message);
  }

  static List<HasMetadata> render(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("template", "dewy", CHART.toString(), "-n", "dewy-system"));
    args.addAll(List.of(extra));
    String yaml = helm(args.toArray(String[]::new));
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (doc.strip().lines().anyMatch(l -> l.startsWith("kind:"))) {
        Object parsed = Serialization.unmarshal(doc);
        if (parsed instanceof KubernetesList list) {
          objects.addAll(list.getItems());
        } else {
          objects.add((HasMetadata) parsed);
        }
      }
    }
    return objects;
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> matches = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matches).hasSize(1);
    return matches.get(0);
  }

  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .map(
            r ->
                String.join(",", r.getApiGroups())
                    + "/"
                    + String.join(",", r.getResources())
                    + ":"
                    + String.join(",", r.getVerbs()))
        .toList();
  }

  /** The output of a {@code helm template} that must fail. */
  private static String helmFails(String... extra) {
    List<String> args = new ArrayList<>(List.of("template", "dewy", CHART.toString()));
    args.addAll(List.of(extra));
    Helm.Result result = Helm.offline().run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    return result.output();
  }

  private static String helm(String... args) {
    Helm.Result result = Helm.offline().run(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.output();
  }
}
