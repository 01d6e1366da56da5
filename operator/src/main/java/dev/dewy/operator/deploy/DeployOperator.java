package dev.dewy.operator.deploy;

import dev.dewy.operator.notify.ChannelSettings;
import dev.dewy.operator.notify.DeliveryCounters;
import dev.dewy.operator.notify.DispatchSettings;
import dev.dewy.operator.notify.NotificationDispatcher;
import dev.dewy.operator.registry.RegistryFactory;
import dev.dewy.operator.registry.SharedTagPoller;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.util.Set;

/** Assembles the operator: one reconciler, its services, and the JOSDK runtime around them. */
public final class DeployOperator implements AutoCloseable {
  private final Operator operator;
  private final NotificationDispatcher dispatcher;

  private DeployOperator(Operator operator, NotificationDispatcher dispatcher) {
    this.operator = operator;
    this.dispatcher = dispatcher;
  }

  /**
   * Starts reconciling DewyDeployments in {@code namespaces} (all when empty); with a {@code
   * leaderNamespace}, only while holding the Lease "dewy-operator" there.
   */
  public static DeployOperator start(
      KubernetesClient client,
      Set<String> namespaces,
      String leaderNamespace,
      ChannelSettings channels,
      Clock clock) {
    NotificationDispatcher dispatcher = new NotificationDispatcher(DispatchSettings.defaults());
    RegistryFactory registries = RegistryFactory.withDefaults();
    DeployServices services =
        new DeployServices(
            client,
            clock,
            new VersionPoller(
                new SharedTagPoller(registries::open, clock),
                new RegistryCredentialsSource(client),
                clock),
            new HookRunner(client),
            new WorkloadUpdater(client),
            new EventRecorder(client, clock),
            new DeployNotifications(client, dispatcher, channels, clock));
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false);
              if (leaderNamespace != null) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration("dewy-operator", leaderNamespace));
              }
            });
    operator.register(
        new DewyDeploymentReconciler(services),
        c -> {
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    operator.start();
    return new DeployOperator(operator, dispatcher);
  }

  /** What became of the notifications handed over so far: sent, failed, throttled, quieted. */
  public DeliveryCounters notificationCounters() {
    return dispatcher.counters();
  }

  @Override
  public void close() {
    operator.stop();
    dispatcher.close();
  }
}
