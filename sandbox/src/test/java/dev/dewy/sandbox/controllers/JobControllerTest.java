package dev.dewy.sandbox.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobControllerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String NS = "hooks";

  @TempDir Path workRoot;
  private SandboxCluster api;

  @BeforeEach
  void startApi() {
    api = new SandboxCluster(SandboxCluster.fast(workRoot), NS);
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  @Test
  void failingJobReportsExitCodeTerminationMessageAndBothOutputStreams() {
    create(job("fails", "echo out; echo err >&2; echo msg > /dev/termination-log; exit 3", j -> j));

    Job job = awaitCondition("fails", "Failed");

    assertThat(condition(job, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(job.getStatus().getFailed()).isEqualTo(1);
    Pod pod = onlyPod("fails");
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(terminated.getMessage()).isEqualTo("msg\n");
    assertThat(terminated.getStartedAt()).isNotNull();
    assertThat(terminated.getFinishedAt()).isNotNull();
    assertThat(api.controllers.podLogs().logs(NS, pod.getMetadata().getName(), null))
        .hasValue("out\nerr\n");
  }

  @Test
  void podIsNamedLabelledAndOwnedAsTheJobController() {
    create(job("named", "true", j -> j));

    awaitCondition("named", "Complete");

    Job job = get("named");
    Pod pod = onlyPod("named");
    assertThat(pod.getMetadata().getName()).matches("named-[a-z0-9]{5}");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("job-name", "named")
        .containsEntry("batch.kubernetes.io/job-name", "named")
        .containsEntry("controller-uid", job.getMetadata().getUid());
    var owner = pod.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("Job");
    assertThat(owner.getUid()).isEqualTo(job.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();
  }

  @Test
  void succeedingJobCompletesWithCountsAndCompletionTime() {
    create(job("works", "echo done", j -> j));

    Job job = awaitCondition("works", "Complete");

    assertThat(condition(job, "SuccessCriteriaMet").getStatus()).isEqualTo("True");
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getStatus().getFailed()).as("omitempty: a zero is not stored").isNull();
    assertThat(job.getStatus().getActive()).as("omitempty: a zero is not stored").isNull();
    assertThat(job.getStatus().getTerminating()).isZero();
    assertThat(job.getStatus().getStartTime()).isNotNull();
    assertThat(job.getStatus().getCompletionTime()).isNotNull();
    var terminated =
        onlyPod("works").getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("Completed");
    assertThat(terminated.getContainerID()).isNotBlank();
  }

  @Test
  void runningJobShowsActiveReadyPod() {
    create(job("slow", "sleep 30", j -> j));

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                get("slow").getStatus() != null
                    && Integer.valueOf(1).equals(get("slow").getStatus().getReady()));

    Job job = get("slow");
    assertThat(job.getStatus().getActive()).isEqualTo(1);
    Pod pod = onlyPod("slow");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getStartTime()).isNotNull();
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    assertThat(pod.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
  }

  @Test
  void deadlineKillsTheProcessAndFailsTheJob() throws Exception {
    Path pidFile = workRoot.resolve("deadline.pid");
    // Kubernetes expands $$ in command to $, so the shell sees $$ (its pid) only as $$$$

    create(
        job(
            "deadline",
            "echo $$$$ > " + pidFile + "; exec sleep 60",
            j -> j.withActiveDeadlineSeconds(2L)));

    Job job = awaitCondition("deadline", "Failed");

    assertThat(condition(job, "Failed").getReason()).isEqualTo("DeadlineExceeded");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    await().atMost(PATIENCE).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void backoffLimitRetriesWithNewPodsThenFails() {
    create(job("retries", "exit 1", j -> j.withBackoffLimit(2)));

    Job job = awaitCondition("retries", "Failed");

    assertThat(condition(job, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(condition(job, "Failed").getMessage())
        .isEqualTo("Job has reached the specified backoff limit");
    assertThat(job.getStatus().getFailed()).isEqualTo(3);
    assertThat(pods("retries")).hasSize(3).allMatch(p -> "Failed".equals(p.getStatus().getPhase()));
  }

  @Test
  void envFromSecretConfigMapAndFieldRefReachesTheProcess() {
    api.client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("creds")
                .withNamespace(NS)
                .endMetadata()
                .addToData("token", "czNjcjN0")
                .build())
        .create();
    api.client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .withNamespace(NS)
                .endMetadata()
                .addToData("mode", "fast")
                .addToData("level", "3")
                .build())
        .create();
    create(
        job(
            "env",
            "echo \"$TOKEN $MODE $POD $NAMESPACE $IP $GREETING $CFG_level $MISSING.\"",
            j ->
                j.editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .addNewEnv()
                    .withName("TOKEN")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("token", "creds", false)
                    .endValueFrom()
                    .endEnv()
                    .addNewEnv()
                    .withName("MODE")
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef("mode", "settings", false)
                    .endValueFrom()
                    .endEnv()
                    .addNewEnv()
                    .withName("POD")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("metadata.name")
                    .endFieldRef()
                    .endValueFrom()
                    .endEnv()
                    .addNewEnv()
                    .withName("NAMESPACE")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("metadata.namespace")
                    .endFieldRef()
                    .endValueFrom()
                    .endEnv()
                    .addNewEnv()
                    .withName("IP")
                    .withNewValueFrom()
                    .withNewFieldRef()
                    .withFieldPath("status.podIP")
                    .endFieldRef()
                    .endValueFrom()
                    .endEnv()
                    .addNewEnv()
                    .withName("GREETING")
                    .withValue("hi-$(MODE)-$$(MODE)")
                    .endEnv()
                    .addNewEnv()
                    .withName("MISSING")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("nope", "creds", true)
                    .endValueFrom()
                    .endEnv()
                    .addNewEnvFrom()
                    .withPrefix("CFG_")
                    .withNewConfigMapRef("settings", false)
                    .endEnvFrom()
                    .endContainer()
                    .endSpec()
                    .endTemplate()));

    awaitCondition("env", "Complete");

    Pod pod = onlyPod("env");
    assertThat(api.controllers.podLogs().logs(NS, pod.getMetadata().getName(), "main"))
        .hasValue(
            "s3cr3t fast "
                + pod.getMetadata().getName()
                + " hooks 127.0.0.1 hi-fast-$(MODE) 3 .\n");
  }

  @Test
  void missingSecretLeavesPodWaitingWithConfigError() {
    create(
        job(
            "nosecret",
            "true",
            j ->
                j.editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .addNewEnv()
                    .withName("T")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("k", "absent", false)
                    .endValueFrom()
                    .endEnv()
                    .endContainer()
                    .endSpec()
                    .endTemplate()));

    // Like the kubelet, the pod waits in ContainerCreating before the missing Secret is found
    // out; only the config error is the state it settles in.
    await()
        .atMost(PATIENCE)
        .until(() -> "CreateContainerConfigError".equals(waitingReason("nosecret")));

    var waiting =
        onlyPod("nosecret").getStatus().getContainerStatuses().get(0).getState().getWaiting();
    assertThat(waiting.getMessage()).isEqualTo("secret \"absent\" not found");
  }

  @Test
  void existingWorkingDirIsUsedAndAMissingOneFallsBackToAPodDirectory() throws Exception {
    Path dir = Files.createDirectories(workRoot.resolve("project"));
    create(
        job(
            "wd",
            "pwd",
            j ->
                j.editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .withWorkingDir(dir.toString())
                    .endContainer()
                    .endSpec()
                    .endTemplate()));
    create(
        job(
            "wdmissing",
            "pwd",
            j ->
                j.editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .withWorkingDir("/no/such/dir")
                    .endContainer()
                    .endSpec()
                    .endTemplate()));

    awaitCondition("wd", "Complete");
    awaitCondition("wdmissing", "Complete");

    assertThat(logsOf("wd")).isEqualTo(dir + "\n");
    assertThat(logsOf("wdmissing")).startsWith(workRoot.toString()).isNotEqualTo("/no/such/dir\n");
  }

  @Test
  void fallbackToLogsOnErrorUsesTheLogTailWhenNoMessageWasWritten() {
    create(
        job(
            "tail",
            "echo first; echo last; exit 2",
            j ->
                j.editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .withTerminationMessagePolicy("FallbackToLogsOnError")
                    .endContainer()
                    .endSpec()
                    .endTemplate()));

    awaitCondition("tail", "Failed");

    var terminated =
        onlyPod("tail").getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getMessage()).isEqualTo("first\nlast\n");
  }

  @Test
  void customTerminationMessagePathIsHonouredWithoutWritingTheHostFile() throws Exception {
    Path hostPath = workRoot.resolve("app/done");
    create(
        job(
            "custom",
            "echo custom > " + hostPath,
            j ->
                j.editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .withTerminationMessagePath(hostPath.toString())
                    .endContainer()
                    .endSpec()
                    .endTemplate()));

    awaitCondition("custom", "Complete");

    var terminated =
        onlyPod("custom").getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getMessage()).isEqualTo("custom\n");
    assertThat(Files.exists(hostPath) ? Files.readString(hostPath) : "").isEmpty();
  }

  @Test
  void ttlAfterFinishedDeletesTheJobAndItsPods() {
    // watched, not polled: the Job may be gone within a second of completing
    Recorder<Job> jobs = new Recorder<>();
    Recorder<Pod> pods = new Recorder<>();
    try (var jobWatch = api.client.batch().v1().jobs().inNamespace(NS).withName("ttl").watch(jobs);
        var podWatch = api.client.pods().inNamespace(NS).withLabel("job-name", "ttl").watch(pods)) {
      create(job("ttl", "echo bye", j -> j.withTtlSecondsAfterFinished(1)));

      await().atMost(PATIENCE).until(() -> jobs.saw(Watcher.Action.DELETED));
      await().atMost(PATIENCE).until(() -> pods.saw(Watcher.Action.DELETED));
    }

    assertThat(jobs.objects())
        .anyMatch(
            j ->
                j.getStatus() != null
                    && j.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Complete")));
    String pod = pods.objects().get(0).getMetadata().getName();
    await().atMost(PATIENCE).until(() -> api.controllers.podLogs().logs(NS, pod, null).isEmpty());
  }

  /** Every event a watch delivered, in order. */
  private static final class Recorder<T> implements Watcher<T> {
    private final List<Watcher.Action> actions = new CopyOnWriteArrayList<>();
    private final List<T> objects = new CopyOnWriteArrayList<>();

    @Override
    public void eventReceived(Watcher.Action action, T resource) {
      objects.add(resource);
      actions.add(action);
    }

    @Override
    public void onClose(WatcherException cause) {}

    boolean saw(Watcher.Action action) {
      return actions.contains(action);
    }

    List<T> objects() {
      return objects;
    }
  }

  @Test
  void suspendedJobStartsNoPodUntilResumed() {
    create(job("later", "true", j -> j.withSuspend(true)));
    create(job("marker", "true", j -> j));
    awaitCondition("marker", "Complete");

    assertThat(pods("later")).isEmpty();
    api.client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName("later")
        .edit(j -> new JobBuilder(j).editSpec().withSuspend(false).endSpec().build());

    awaitCondition("later", "Complete");
  }

  @Test
  void unpullableImageKeepsPodPendingUntilTheDeadlineFailsTheJob() {
    create(
        job(
            "nopull",
            "true",
            j ->
                j.withActiveDeadlineSeconds(3L)
                    .editTemplate()
                    .editSpec()
                    .editFirstContainer()
                    .withImage("registry.local/app:1.0-unpullable")
                    .endContainer()
                    .endSpec()
                    .endTemplate()));

    await().atMost(PATIENCE).until(() -> "ImagePullBackOff".equals(waitingReason("nopull")));
    Pod pod = onlyPod("nopull");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .contains("registry.local/app:1.0-unpullable");

    Job job = awaitCondition("nopull", "Failed");
    assertThat(condition(job, "Failed").getReason()).isEqualTo("DeadlineExceeded");
  }

  @Test
  void deletingTheJobKillsItsProcess() throws Exception {
    Path pidFile = workRoot.resolve("deleted.pid");
    create(job("deleted", "echo $$$$ > " + pidFile + "; exec sleep 60", j -> j));
    await()
        .atMost(PATIENCE)
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long pid = Long.parseLong(Files.readString(pidFile).trim());

    api.client.batch().v1().jobs().inNamespace(NS).withName("deleted").delete();

    await().atMost(PATIENCE).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void concurrentPodsEachGetTheirOwnTerminationMessage() {
    create(job("first", "echo one > /dev/termination-log; sleep 1", j -> j));
    create(job("second", "echo two > /dev/termination-log; sleep 1", j -> j));

    awaitCondition("first", "Complete");
    awaitCondition("second", "Complete");

    assertThat(terminatedMessage("first")).isEqualTo("one\n");
    assertThat(terminatedMessage("second")).isEqualTo("two\n");
  }

  @Test
  void withoutMountNamespacesTheMessagePathIsRewrittenInTheCommand() {
    api.close();
    api = new SandboxCluster(SandboxCluster.fast(workRoot).withMountNamespaces(false), NS);
    create(job("rewritten", "echo via-path > /dev/termination-log", j -> j));
    create(job("byenv", "echo via-env > \"$TERMINATION_MESSAGE_PATH\"", j -> j));

    awaitCondition("rewritten", "Complete");
    awaitCondition("byenv", "Complete");

    assertThat(terminatedMessage("rewritten")).isEqualTo("via-path\n");
    assertThat(terminatedMessage("byenv")).isEqualTo("via-env\n");
  }

  @Test
  void closingTheControllersKillsRunningProcesses() throws Exception {
    Path pidFile = workRoot.resolve("closed.pid");
    create(job("closed", "echo $$$$ > " + pidFile + "; sleep 60", j -> j));
    await()
        .atMost(PATIENCE)
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long shell = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle sh = ProcessHandle.of(shell).orElseThrow();
    await().atMost(PATIENCE).until(() -> sh.descendants().findAny().isPresent());
    List<ProcessHandle> tree = Stream.concat(Stream.of(sh), sh.descendants()).toList();

    api.controllers.close();

    await().atMost(PATIENCE).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void podThatTheApiStoredAsPendingIsRun() {
    // a finished Job leaves extra pods alone, so only the kubelet acts on this one
    create(job("owner", "true", j -> j));
    Job owner = awaitCondition("owner", "Complete");
    Pod pending =
        new PodBuilder(JobPods.newPod(owner))
            .editSpec()
            .editFirstContainer()
            .withCommand("/bin/sh", "-c", "echo ran")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();

    api.client.resource(pending).create();

    String name = pending.getMetadata().getName();
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                "Succeeded"
                    .equals(
                        api.client
                            .pods()
                            .inNamespace(NS)
                            .withName(name)
                            .get()
                            .getStatus()
                            .getPhase()));
    assertThat(api.controllers.podLogs().logs(NS, name, null)).hasValue("ran\n");
  }

  private static Job job(
      String name,
      String script,
      UnaryOperator<io.fabric8.kubernetes.api.model.batch.v1.JobSpecFluent<?>> spec) {
    JobBuilder builder =
        new JobBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata();
    var specBuilder =
        builder
            .withNewSpec()
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1.36")
            .withCommand("/bin/sh", "-c", script)
            .endContainer()
            .endSpec()
            .endTemplate();
    spec.apply(specBuilder);
    return specBuilder.endSpec().build();
  }

  private void create(Job job) {
    api.client.resource(job).create();
  }

  private Job get(String name) {
    return api.client.batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  private Job awaitCondition(String name, String type) {
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              Job job = get(name);
              return job != null
                  && job.getStatus() != null
                  && job.getStatus().getConditions() != null
                  && job.getStatus().getConditions().stream()
                      .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
            });
    return get(name);
  }

  private static JobCondition condition(Job job, String type) {
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private List<Pod> pods(String job) {
    return api.client.pods().inNamespace(NS).withLabel("job-name", job).list().getItems();
  }

  private Pod onlyPod(String job) {
    List<Pod> pods = pods(job);
    assertThat(pods).hasSize(1);
    return pods.get(0);
  }

  private String waitingReason(String job) {
    List<Pod> pods = pods(job);
    if (pods.isEmpty()
        || pods.get(0).getStatus() == null
        || pods.get(0).getStatus().getContainerStatuses() == null) {
      return null;
    }
    var waiting = pods.get(0).getStatus().getContainerStatuses().get(0).getState().getWaiting();
    return waiting == null ? null : waiting.getReason();
  }

  private String terminatedMessage(String job) {
    return onlyPod(job)
        .getStatus()
        .getContainerStatuses()
        .get(0)
        .getState()
        .getTerminated()
        .getMessage();
  }

  private String logsOf(String job) {
    return api.controllers
        .podLogs()
        .logs(NS, onlyPod(job).getMetadata().getName(), null)
        .orElseThrow();
  }
}
