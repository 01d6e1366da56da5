package dev.dewy.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Helm chart, rendered and linted by the real helm binary (.ci/install-helm installs it). */
class HelmChartIT {
  private static final Path HELM = Path.of("../.tools/bin/helm").toAbsolutePath();
  private static final Path CHART = Path.of("../charts/dewy-operator").toAbsolutePath();

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
  void chartShipsTheCommittedCrd() throws Exception {
    assertThat(Files.readString(CHART.resolve("crds/dewydeployments.dewy.dev-v1.yml")))
        .isEqualTo(Files.readString(Path.of("../crds/dewydeployments.dewy.dev-v1.yml")));
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

  private static String helm(String... args) throws Exception {
    assertThat(HELM).as("helm is needed: run .ci/install-helm").exists();
    List<String> command = new ArrayList<>(List.of(HELM.toString()));
    command.addAll(List.of(args));
    Process helm = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(helm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(helm.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(helm.exitValue()).as(out).isZero();
    return out;
  }
}
