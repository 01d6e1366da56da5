package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/** What the reconciler drives: the API client, the clock, the state machine and the notifier. */
record DeployServices(
    KubernetesClient client, Clock clock, RolloutMachine machine, DeployNotifier notifier) {}
