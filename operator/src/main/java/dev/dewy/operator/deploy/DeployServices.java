package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/** What the state machine acts through; one set per operator, shared by all resources. */
record DeployServices(
    KubernetesClient client,
    Clock clock,
    VersionPoller poller,
    HookRunner hooks,
    WorkloadUpdater updater,
    EventRecorder events,
    DeployNotifications notifications) {}
