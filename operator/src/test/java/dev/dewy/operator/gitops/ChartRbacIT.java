package dev.dewy.operator.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorAccount;
import dev.dewy.operator.testing.OperatorHarness;
import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart's RBAC on kube-apiserver: the operator deploys with exactly what the chart grants, in
 * both the cluster-wide and the namespaced install, and every rule the chart grants is used by some
 * step of the flow. (Each harness fails its test on any request RBAC refused.)
 */
@ExtendWith(ControlPlaneExtension.class)
class ChartRbacIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /**
   * Granted but never requested: JOSDK does not start unless the leader-election Role grants update
   * on leases (it asks with a SelfSubjectRulesReview), while fabric8 renews with a patch.
   */
  private static final Set<String> CHECKED_NOT_REQUESTED =
      Set.of("coordination.k8s.io/leases:update");

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void namespacedInstallDeploysWithRolesInItsNamespaceOnly(ControlPlane plane) {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness = OperatorHarness.startNamespaced(plane);
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));

    harness
        .dewy("web")
        .registry(registry.registryUrl("shop/web"))
        .beforeHook("echo before")
        .afterHook("echo after")
        .create();

    DewyDeployment dd =
        harness.await("web", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(dd.getStatus().getHooks().getAfterDeploy().getStdout()).isEqualTo("after\n");
  }

  @Test
  void everyRuleTheChartGrantsIsUsedByTheFlow(ControlPlane plane) throws Exception {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    harness = OperatorHarness.startWithLeaderElection(plane);
    harness.pullSecret(harness.namespace(), "regcred", registry.hostPort(), "ci", "s3cret");
    harness.deployment("web", registry.imageReference("shop/web", "v1.0.0"));
    harness.statefulSet("db", registry.imageReference("shop/web", "v1.0.0"));
    harness.daemonSet("agent", registry.imageReference("shop/web", "v1.0.0"));
    harness.deployment("stuck", registry.imageReference("shop/web", "v1.0.0"));
    harness.deployment("broken", registry.imageReference("shop/web", "v1.0.0"));
    harness.deployment("slow", registry.imageReference("shop/web", "v1.0.0"));

    String web = registry.registryUrl("shop/web");
    harness
        .dewy("web")
        .registry(web)
        .credentialsSecret("regcred")
        .beforeHook("echo before")
        .afterHook("echo after")
        .create();
    harness.dewy("db").registry(web).target("StatefulSet").create();
    harness.dewy("agent").registry(web).target("DaemonSet").create();
    harness
        .dewy("stuck")
        .registry(web)
        .beforeHook("true", h -> h.setImage("busybox:unpullable"))
        .create();
    // a hook that runs past its output check period and its deadline: its log tail is read. The
    // tail is kept only by a check after the echo and before the Job controller deletes the pod at
    // the deadline: 20 s (checks every 5 s) leaves a loaded node time to start the pod; 8 s did
    // not.
    harness
        .dewy("slow")
        .registry(web)
        .beforeHook("echo waiting; sleep 120", h -> h.setTimeout("20s"))
        .create();
    harness.dewy("broken").registry("img://127.0.0.1:%d/shop/web".formatted(closedPort())).create();
    // kube-apiserver refuses this hook's Job (an env name may not hold "="): the attempt ends
    harness.deployment("refused", registry.imageReference("shop/web", "v1.0.0"));
    harness
        .dewy("refused")
        .registry(web)
        .beforeHook(
            "true",
            h -> h.setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVar("A=B", "x", null))))
        .create();

    for (String name : List.of("web", "db", "agent")) {
      harness.await(name, TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    }
    harness.await("stuck", TIMEOUT, d -> d.getStatus().getPhase() == Phase.Failed);
    DewyDeployment slow =
        harness.await("slow", TIMEOUT, d -> d.getStatus().getPhase() == Phase.Failed);
    assertThat(slow.getStatus().getHooks().getBeforeDeploy().getStdout()).contains("waiting");
    DewyDeployment refused =
        harness.await("refused", TIMEOUT, d -> d.getStatus().getPhase() == Phase.Failed);
    assertThat(refused.getStatus().getHooks().getBeforeDeploy().getReason())
        .isEqualTo("JobRefused");
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                harness.events("broken").stream()
                    .anyMatch(e -> "RegistryError".equals(e.getReason()) && e.getCount() >= 2));

    Set<String> used =
        plane.audit().since(harness.auditMark(), harness.account().user()).stream()
            .filter(r -> r.code() < 400 || r.code() == 404 || r.code() == 409)
            .map(r -> r.resource() + ":" + r.verb())
            .collect(Collectors.toCollection(TreeSet::new));
    used.addAll(CHECKED_NOT_REQUESTED);
    Set<String> granted = granted();
    assertThat(granted)
        .as("rules the chart grants but the flow never used (used: %s)", used)
        .isSubsetOf(used);
  }

  /** Every group/resource:verb the default install's ClusterRole and leader-election Role grant. */
  private static Set<String> granted() {
    Set<String> granted = new TreeSet<>();
    for (HasMetadata object : OperatorAccount.chartRbac(OperatorAccount.NAME)) {
      List<PolicyRule> rules =
          object instanceof ClusterRole role
              ? role.getRules()
              : object instanceof Role role ? role.getRules() : List.of();
      for (PolicyRule rule : rules) {
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              granted.add(group + "/" + resource + ":" + verb);
            }
          }
        }
      }
    }
    return granted;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
