package dev.dewy.sandbox.josdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import dev.dewy.sandbox.testenv.TestCluster;
import dev.dewy.sandbox.testenv.TestClusters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JOSDK's leader election, as the operator runs it with {@code --leader-election-namespace}: before
 * it elects, JOSDK checks its lease rights with a SelfSubjectRulesReview, then holds a Lease; only
 * the leader reconciles, and another instance takes over when the leader stops.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(ControlPlaneExtension.class)
class LeaderElectionIT {
  private static final String LEASE = "leader-election-it";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Parameter Backend backend;

  private TestCluster cluster;
  private KubernetesClient client;
  private final List<Operator> operators = new ArrayList<>();

  @BeforeEach
  void startCluster(TestClusters clusters) {
    cluster = clusters.start(backend, "leader-election-it");
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    operators.forEach(Operator::stop);
    cluster.close();
  }

  @Test
  void theLeaderHoldsTheLeaseAndReconcilesAndAnotherTakesOverWhenItStops() {
    SeenReconciler first = new SeenReconciler();
    Operator firstOperator = start("first", first);
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(holder()).isEqualTo("first"));
    createConfigMap("one");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(first.seen).contains("one"));

    SeenReconciler second = new SeenReconciler();
    start("second", second);
    firstOperator.stop();
    operators.remove(firstOperator);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(holder()).isEqualTo("second"));
    createConfigMap("two");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(second.seen).contains("one", "two"));
  }

  private Operator start(String identity, SeenReconciler reconciler) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(newClient())
                    .withCloseClientOnStop(true)
                    .withLeaderElectionConfiguration(
                        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                            .withLeaseNamespace(cluster.namespace())
                            .withIdentity(identity)
                            .withLeaseDuration(Duration.ofSeconds(6))
                            .withRenewDeadline(Duration.ofSeconds(4))
                            .withRetryPeriod(Duration.ofSeconds(1))
                            .withExitOnStopLeading(false)
                            .build()));
    operator.register(reconciler, c -> c.settingNamespace(cluster.namespace()));
    operator.start();
    operators.add(operator);
    return operator;
  }

  private KubernetesClient newClient() {
    return new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(client.getConfiguration())
        .build();
  }

  private String holder() {
    Lease lease = client.leases().inNamespace(cluster.namespace()).withName(LEASE).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private void createConfigMap(String name) {
    client
        .configMaps()
        .inNamespace(cluster.namespace())
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("dewy.dev/leader-election-it", "yes")
                .endMetadata()
                .build())
        .create();
  }

  /** Notes the ConfigMaps it reconciles. */
  @ControllerConfiguration(
      informer =
          @io.javaoperatorsdk.operator.api.config.informer.Informer(
              labelSelector = "dewy.dev/leader-election-it=yes"))
  public static class SeenReconciler implements Reconciler<ConfigMap> {
    final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap map, Context<ConfigMap> context) {
      seen.add(map.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }
}
