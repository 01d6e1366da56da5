package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.metrics.DeployMeters;
import dev.dewy.operator.notify.EventType;
import dev.dewy.operator.notify.NotifierUrl;
import dev.dewy.operator.version.Selection;
import dev.dewy.operator.version.SemVer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One DewyDeployment, its target and the world around it, driven pass by pass through the real
 * {@link RolloutMachine} and {@link StatusRecorder} on a {@link FakeCluster}: no server. Each pass
 * says what the operator wrote, evented, notified and when it looks again.
 */
final class MachineFixture {
  static final String REGISTRY = "registry.example.com/shop/web";

  final FakeCluster cluster = new FakeCluster();
  final List<String> events = new ArrayList<>();
  final List<EventType> notifications = new ArrayList<>();
  Instant now = Instant.parse("2026-12-01T10:00:00Z");
  String newest = "v1.0.0";

  /** The manifest digest the registry names per tag; a tag without one: no digests (s3-like). */
  final Map<String, String> digests = new HashMap<>();

  /** The tags whose digest the machine asked for, in order. */
  final List<String> digestLookups = new ArrayList<>();

  RuntimeException registryFailure;
  DewyDeployment stored;
  private final RolloutMachine machine;

  private MachineFixture(String specYaml) {
    stored =
        Serialization.unmarshal(
            """
            apiVersion: dewy.dev/v1alpha1
            kind: DewyDeployment
            metadata: {name: web, namespace: shop, uid: dd-uid, generation: 1, resourceVersion: "1"}
            spec:
            %s"""
                .formatted(specYaml.indent(2)),
            DewyDeployment.class);
    cluster.dewyDeployments.add("web");
    NewestVersion versions =
        new NewestVersion() {
          @Override
          public Selection.Found newest(Observation o) {
            if (registryFailure != null) {
              throw registryFailure;
            }
            return new Selection.Found(newest, SemVer.parse(newest).orElseThrow());
          }

          @Override
          public Optional<String> digest(Observation o, String tag) {
            digestLookups.add(tag);
            return Optional.ofNullable(digests.get(tag));
          }
        };
    machine =
        new RolloutMachine(
            versions,
            new HookRunner(Duration.ofHours(1)),
            new StatusRecorder(new Events(), new Notifications(), DeployMeters.discarded()));
  }

  /** A DewyDeployment "web" polling every 10 s for Deployment "web", with {@code extra} spec. */
  static MachineFixture of(String extra) {
    MachineFixture f =
        new MachineFixture(
            "registry: img://%s\n%starget: {kind: Deployment, name: web}\n%s"
                .formatted(REGISTRY, extra.contains("interval:") ? "" : "interval: 10s\n", extra));
    f.deployment("v1.0.0");
    return f;
  }

  /**
   * A DewyDeployment "web" deploying s3:// artifacts into volume "app" of Deployment "web", with
   * {@code extra} spec; the template has the volume and no fetch yet.
   */
  static MachineFixture volume(String extra) {
    MachineFixture f =
        new MachineFixture(
            "registry: s3://us-east-1/releases/web\ninterval: 10s\n"
                + "target: {kind: Deployment, name: web, volume: app}\n"
                + extra);
    f.deployment("stable");
    f.workload()
        .getSpec()
        .getTemplate()
        .getSpec()
        .setVolumes(
            List.of(
                new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName("app")
                    .withNewEmptyDir()
                    .endEmptyDir()
                    .build()));
    return f;
  }

  /** The fetch init container's version in the template, if it has one. */
  Optional<String> artifact() {
    return ArtifactInitContainer.currentVersion(workload().getSpec().getTemplate().getSpec());
  }

  /**
   * A pod of the template's fetch as it is now, whose init container exited with {@code exitCode}
   * and left {@code message} (exit code null: still running); the only pod of the workload.
   */
  void fetchPod(Integer exitCode, String message) {
    var init = new ContainerStatusBuilder().withName(ArtifactInitContainer.NAME).withNewState();
    var state =
        exitCode == null
            ? init.withNewRunning().endRunning()
            : init.withNewTerminated()
                .withExitCode(exitCode)
                .withReason("Error")
                .withMessage(message)
                .endTerminated();
    cluster.workloadPods =
        List.of(
            new PodBuilder()
                .withNewMetadata()
                .withName("web-" + artifact().orElseThrow().replace('.', '-'))
                .endMetadata()
                .withNewSpec()
                .addToInitContainers(
                    ArtifactInitContainer.find(workload().getSpec().getTemplate().getSpec())
                        .orElseThrow())
                .endSpec()
                .withNewStatus()
                .addToInitContainerStatuses(state.endState().build())
                .endStatus()
                .build());
  }

  /** The target Deployment at {@code version}, rolled out. */
  MachineFixture deployment(String version) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("shop")
            .withGeneration(1L)
            .withLabels(new java.util.HashMap<>())
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewTemplate()
            .withNewMetadata()
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage(REGISTRY + ":" + version)
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    cluster.workloads.put("Deployment/web", deployment);
    rolledOut();
    return this;
  }

  Deployment workload() {
    return (Deployment) cluster.workloads.get("Deployment/web");
  }

  String image() {
    return workload().getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  /** The Deployment controller caught up: every replica is updated and available. */
  void rolledOut() {
    Deployment d = workload();
    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(1)
            .withUpdatedReplicas(1)
            .withAvailableReplicas(1)
            .build());
  }

  /** The Deployment controller gave up on the rollout. */
  void progressDeadlineExceeded() {
    progressDeadlineExceeded(null);
  }

  /** The Deployment controller gave up on the rollout, saying so at {@code at} (null: no time). */
  void progressDeadlineExceeded(Instant at) {
    Deployment d = workload();
    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(2)
            .withUpdatedReplicas(1)
            .withConditions(
                new DeploymentConditionBuilder()
                    .withType("Progressing")
                    .withStatus("False")
                    .withReason("ProgressDeadlineExceeded")
                    .withLastUpdateTime(at == null ? null : at.toString())
                    .build())
            .build());
  }

  /** The only hook Job of {@code hook} the operator created so far. */
  Job job(HookKind hook) {
    return cluster.jobs.values().stream()
        .filter(j -> hook.label().equals(j.getMetadata().getLabels().get(Labels.HOOK)))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + hook.label() + " Job in " + cluster.jobs));
  }

  /** The hook Job's pod ran to {@code exitCode}; the Job controller marked the Job finished. */
  void jobFinished(HookKind hook, int exitCode) {
    Job job = job(hook);
    job.setStatus(
        new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
            .withConditions(
                new JobConditionBuilder()
                    .withType(exitCode == 0 ? "Complete" : "Failed")
                    .withStatus("True")
                    .withReason(exitCode == 0 ? null : "BackoffLimitExceeded")
                    .build())
            .build());
    cluster.pods.put(
        job.getMetadata().getName(),
        List.of(
            new PodBuilder()
                .withNewMetadata()
                .withName(job.getMetadata().getName() + "-x")
                .endMetadata()
                .withNewStatus()
                .addToContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName(HookJobFactory.CONTAINER)
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withStartedAt("2026-12-01T10:00:01Z")
                        .withFinishedAt("2026-12-01T10:00:03Z")
                        .endTerminated()
                        .endState()
                        .build())
                .endStatus()
                .build()));
  }

  /** One reconcile pass, as JOSDK would run it on an event or a reschedule. */
  PassResult pass() {
    int writes = cluster.writes.size();
    int eventCount = events.size();
    int notified = notifications.size();
    Pass pass = new Pass(stored, now, cluster);
    StatusRecorder.Step step = machine.run(pass);
    stored = pass.stored();
    return new PassResult(
        step,
        List.copyOf(cluster.writes.subList(writes, cluster.writes.size())),
        List.copyOf(events.subList(eventCount, events.size())),
        List.copyOf(notifications.subList(notified, notifications.size())));
  }

  /** What one pass did. */
  record PassResult(
      StatusRecorder.Step step,
      List<String> writes,
      List<String> events,
      List<EventType> notified) {
    Optional<Duration> after() {
      return Optional.ofNullable(step.after());
    }
  }

  private final class Events implements DeployEvents {
    @Override
    public void normal(HasMetadata object, String reason, String message) {
      events.add("Normal " + reason + ": " + message);
    }

    @Override
    public void warning(HasMetadata object, String reason, String message) {
      events.add("Warning " + reason + ": " + message);
    }
  }

  private final class Notifications implements DeployNotifier {
    @Override
    public void send(
        Secrets secrets,
        DewyDeployment dd,
        Optional<NotifierUrl> url,
        EventType type,
        String version,
        String previousVersion,
        String message,
        HookResult hook) {
      // as DeployNotifications does: the channel's Secret, to build or check the channel
      secret(secrets, dd);
      notifications.add(type);
    }

    @Override
    public void resolved(DewyDeployment dd) {}

    @Override
    public Optional<String> problem(Secrets secrets, DewyDeployment dd, Optional<NotifierUrl> url) {
      secret(secrets, dd);
      return Optional.empty();
    }

    private void secret(Secrets secrets, DewyDeployment dd) {
      if (dd.getSpec().getNotifierSecret() != null) {
        secrets.get(dd.getSpec().getNotifierSecret());
      }
    }

    @Override
    public void forget(String namespace, String name) {}
  }
}
