package dev.dewy.operator.deploy;

import dev.dewy.operator.metrics.DeployMeters;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * What the reconciler drives: the API client, the clock, the state machine, the notifier, the
 * meters, and the registry pushes that ask for a poll now.
 */
record DeployServices(
    KubernetesClient client,
    Clock clock,
    RolloutMachine machine,
    DeployNotifier notifier,
    DeployMeters meters,
    RegistryPushes pushes) {}
