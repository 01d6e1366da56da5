package dev.dewy.operator.deploy;

import dev.dewy.operator.metrics.OperatorMetrics;
import dev.dewy.operator.notify.ChannelSettings;
import dev.dewy.operator.notify.DeliveryCounters;
import dev.dewy.operator.notify.DispatchSettings;
import dev.dewy.operator.notify.NotificationDispatcher;
import dev.dewy.operator.registry.RegistryFactory;
import dev.dewy.operator.registry.SharedTagPoller;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Assembles the operator: one reconciler, its services, the JOSDK runtime around them, and the
 * meters /metrics shows.
 */
public final class DeployOperator implements AutoCloseable {
  private final Operator operator;
  private final NotificationDispatcher dispatcher;
  private final AtomicBoolean closing;
  private final DewyDeploymentReconciler reconciler;
  private final KubernetesClient client;
  private final LeaderLease lease;
  private final OperatorMetrics metrics;
  private final RegistryPushes pushes;

  private DeployOperator(
      Operator operator,
      NotificationDispatcher dispatcher,
      AtomicBoolean closing,
      DewyDeploymentReconciler reconciler,
      KubernetesClient client,
      LeaderLease lease,
      OperatorMetrics metrics,
      RegistryPushes pushes) {
    this.operator = operator;
    this.dispatcher = dispatcher;
    this.closing = closing;
    this.reconciler = reconciler;
    this.client = client;
    this.lease = lease;
    this.metrics = metrics;
    this.pushes = pushes;
  }

  /** What the push endpoint calls when a registry says a release was published. */
  public RegistryPushes pushes() {
    return pushes;
  }

  /** Every series of this operator, for /metrics. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /**
   * How many reconcile passes over the DewyDeployment have ended since this operator started; a
   * pass that finds nothing new writes nothing, so this is how one knows it looked.
   */
  public long passes(String namespace, String name) {
    return reconciler.passes(new ResourceID(name, namespace));
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
    return start(
        client,
        namespaces,
        leaderNamespace,
        channels,
        clock,
        Duration.ofSeconds(HookJobFactory.TTL_SECONDS_AFTER_FINISHED));
  }

  /** As above, keeping finished hook Jobs for {@code hookJobTtl} (their results stay in status). */
  public static DeployOperator start(
      KubernetesClient client,
      Set<String> namespaces,
      String leaderNamespace,
      ChannelSettings channels,
      Clock clock,
      Duration hookJobTtl) {
    OperatorMetrics metrics = new OperatorMetrics();
    NotificationDispatcher dispatcher = new NotificationDispatcher(DispatchSettings.defaults());
    metrics.notifications(dispatcher.counters());
    RegistryFactory registries = RegistryFactory.withDefaults(metrics.registries());
    DeployNotifications notifications = new DeployNotifications(dispatcher, channels, clock);
    SharedTagPoller tags = new SharedTagPoller(registries::open, clock, metrics.registries());
    RegistryPushes pushes = new RegistryPushes(tags);
    EventRecorder events = new EventRecorder(client, clock);
    RolloutMachine machine =
        new RolloutMachine(
            new VersionPoller(tags, clock),
            new HookRunner(hookJobTtl),
            new StatusRecorder(
                events, notifications, metrics.deploys(), ShippingReports.start(tags, events)));
    DeployServices services =
        new DeployServices(client, clock, machine, notifications, metrics.deploys(), pushes);
    AtomicBoolean closing = new AtomicBoolean();
    LeaderLease lease = leaderNamespace == null ? null : new LeaderLease(leaderNamespace);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics.reconciles());
              if (lease != null) {
                o.withLeaderElectionConfiguration(lease.configuration(closing));
              }
            });
    DewyDeploymentReconciler reconciler = new DewyDeploymentReconciler(services);
    operator.register(
        reconciler,
        c -> {
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    operator.start();
    return new DeployOperator(
        operator, dispatcher, closing, reconciler, client, lease, metrics, pushes);
  }

  /** What became of the notifications handed over so far: sent, failed, throttled, quieted. */
  public DeliveryCounters notificationCounters() {
    return dispatcher.counters();
  }

  @Override
  public void close() {
    closing.set(true);
    operator.stop();
    if (lease != null) {
      lease.release(client);
    }
    dispatcher.close();
    metrics.close();
  }
}
