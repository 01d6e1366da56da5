package dev.dewy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorAccount;
import dev.dewy.operator.testing.OperatorJar;
import dev.dewy.operator.testing.WebManifest;
import dev.dewy.sandbox.Kubectl;
import dev.dewy.sandbox.testenv.AuditLog;
import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the jar with leader election on the real control plane, as the chart runs them
 * with replicaCount=2: only the holder of the Lease acts; a leader killed with SIGKILL mid-rollout
 * is replaced once its lease expires, and the new leader finishes the same attempt without a second
 * hook Job; a leader stopped with SIGTERM hands the Lease over at once. Each replica runs as a
 * service account of its own (the chart's namespaced install, twice), so that the audit log tells
 * their requests apart; in a real install they share one.
 */
@ExtendWith(ControlPlaneExtension.class)
class LeaderElectionE2E {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String LEASE = "dewy-operator";
  private static final String LEASE_NAMESPACE = OperatorAccount.RELEASE_NAMESPACE;

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @TempDir Path dir;

  private final List<OperatorJar> started = new ArrayList<>();
  private final List<Lease> leaseVersions = new CopyOnWriteArrayList<>();
  private final Map<String, String> users = new ConcurrentHashMap<>();
  private ControlPlane plane;
  private String namespace;
  private Watch leaseWatch;

  @AfterEach
  void stop() {
    started.forEach(jar -> jar.process().destroy());
    started.forEach(jar -> waitFor(jar.process()));
    if (leaseWatch != null) {
      leaseWatch.close();
    }
    if (namespace != null) {
      plane.deleteNamespace(namespace);
    }
  }

  @Test
  void aKilledLeaderIsReplacedAndTheFollowerFinishesTheSameAttemptWithoutASecondHookJob(
      ControlPlane plane) throws Exception {
    this.plane = plane;
    namespace = plane.createNamespace("leader-kill");
    long mark = plane.audit().mark();
    watchTheLease();
    OperatorJar a = replica("replica-a");
    awaitLease(l -> "replica-a".equals(l.getHolderIdentity()));
    OperatorJar b = replica("replica-b");
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    Path go = dir.resolve("go");
    apply("while [ ! -e %s ]; do sleep 0.2; done; echo \"before $DEWY_VERSION\"".formatted(go));

    DewyDeployment midway =
        awaitDewy(
            d -> d.getStatus() != null && d.getStatus().getPhase() == Phase.RunningBeforeHook);
    assertThat(midway.getStatus().getRollout().getAttempt()).isEqualTo(1);
    awaitBeforeHookJobs(1);
    assertThat(writesBesidesTheLease(mark, "replica-b"))
        .as("the follower's writes while the other replica leads")
        .isEmpty();
    assertThat(writesBesidesTheLease(mark, "replica-a"))
        .anyMatch(r -> r.resource().equals("batch/jobs"));

    a.process().destroyForcibly(); // SIGKILL: no shutdown hook, the Lease is not released
    waitFor(a.process());
    Lease firstOfB = awaitLease(l -> "replica-b".equals(l.getHolderIdentity()));
    Lease lastOfA = lastVersionHeldBy("replica-a");
    Files.createFile(go);

    DewyDeployment done =
        awaitDewy(d -> d.getStatus() != null && "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    HistoryEntry deployed = done.getStatus().getHistory().get(0);
    assertThat(deployed.getVersion()).isEqualTo("v1.1.0");
    assertThat(deployed.getResult()).isEqualTo(DeployResult.Succeeded);
    assertThat(done.getStatus().getHooks().getBeforeDeploy().getStdout())
        .isEqualTo("before v1.1.0\n");
    List<Job> beforeJobs = beforeHookJobs();
    assertThat(beforeJobs)
        .as("one before-deploy Job for the attempt, the one the killed leader created")
        .hasSize(1);
    assertThat(beforeJobs.get(0).getMetadata().getLabels()).containsEntry("dewy.dev/attempt", "1");
    assertThat(done.getStatus().getHooks().getBeforeDeploy().getJobName())
        .isEqualTo(beforeJobs.get(0).getMetadata().getName());
    assertThat(writesBesidesTheLease(mark, "replica-b"))
        .filteredOn(r -> r.resource().equals("batch/jobs") && r.verb().equals("create"))
        .as("the new leader creates the after-deploy Job only")
        .hasSize(1);

    LeaseSpec killed = lastOfA.getSpec();
    LeaseSpec taken = firstOfB.getSpec();
    ZonedDateTime expiry = killed.getRenewTime().plusSeconds(killed.getLeaseDurationSeconds());
    assertThat(taken.getAcquireTime())
        .as("the follower waits for the killed leader's lease to expire")
        .isAfterOrEqualTo(expiry);
    assertThat(taken.getLeaseTransitions()).isEqualTo(killed.getLeaseTransitions() + 1);
    System.out.printf(
        "leader election: after SIGKILL, replica-b acquired the Lease %d ms after replica-a's last"
            + " renewal (lease duration %d s)%n",
        Duration.between(killed.getRenewTime(), taken.getAcquireTime()).toMillis(),
        killed.getLeaseDurationSeconds());
    assertThat(b.process().isAlive()).as(b.logs()).isTrue();
  }

  @Test
  void aLeaderStoppedWithSigtermReleasesTheLeaseAtOnce(ControlPlane plane) throws Exception {
    this.plane = plane;
    namespace = plane.createNamespace("leader-term");
    watchTheLease();
    OperatorJar a = replica("replica-a");
    awaitLease(l -> "replica-a".equals(l.getHolderIdentity()));
    OperatorJar b = replica("replica-b");

    a.process().destroy(); // SIGTERM
    waitFor(a.process());

    Lease now = plane.client().leases().inNamespace(LEASE_NAMESPACE).withName(LEASE).get();
    assertThat(now.getSpec().getHolderIdentity())
        .as("once replica-a has exited, its Lease is released or already taken over:\n%s", a.logs())
        .isNotEqualTo("replica-a");
    Lease firstOfB = awaitLease(l -> "replica-b".equals(l.getHolderIdentity()));
    Lease lastOfA = lastVersionHeldBy("replica-a");
    List<Lease> afterA =
        leaseVersions.subList(leaseVersions.indexOf(lastOfA) + 1, leaseVersions.size());
    Lease released =
        afterA.stream()
            .filter(l -> Utils.isNullOrEmpty(l.getSpec().getHolderIdentity()))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("no version of the Lease released it: " + afterA));
    assertThat(a.logs()).contains("Released the Lease dewy-operator in " + LEASE_NAMESPACE);
    assertThat(firstOfB.getSpec().getLeaseTransitions())
        .isEqualTo(lastOfA.getSpec().getLeaseTransitions() + 1);
    System.out.printf(
        "leader election: after SIGTERM, replica-a released the Lease %d ms after its last renewal;"
            + " replica-b acquired it %d ms after the release (lease duration %d s)%n",
        Duration.between(lastOfA.getSpec().getRenewTime(), released.getSpec().getRenewTime())
            .toMillis(),
        Duration.between(released.getSpec().getRenewTime(), firstOfB.getSpec().getAcquireTime())
            .toMillis(),
        lastOfA.getSpec().getLeaseDurationSeconds());
    assertThat(b.process().isAlive()).as(b.logs()).isTrue();
  }

  /** A replica as the chart runs it (POD_NAME is its identity), up once its /healthz answers. */
  private OperatorJar replica(String name) throws IOException {
    OperatorAccount account =
        OperatorAccount.namespaced(plane, "dewy-" + name + "-" + namespace, namespace);
    int port = freePort();
    OperatorJar jar =
        OperatorJar.start(
            dir,
            name,
            account.writeKubeconfig(dir.resolve(name + ".kubeconfig")),
            Map.of("POD_NAME", name),
            "--namespace=" + namespace,
            "--leader-election-namespace=" + LEASE_NAMESPACE,
            "--metrics-port=" + port);
    started.add(jar);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build();
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .failFast(() -> !jar.process().isAlive())
        .until(() -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    users.put(name, account.user());
    return jar;
  }

  /**
   * The writes {@code replica} made since {@code mark}, apart from taking and renewing the Lease
   * (and JOSDK's check of its Lease permissions, a SelfSubjectRulesReview, created but not stored).
   */
  private List<AuditLog.Request> writesBesidesTheLease(long mark, String replica) {
    return plane.audit().since(mark, users.get(replica)).stream()
        .filter(r -> List.of("create", "update", "patch", "delete").contains(r.verb()))
        .filter(r -> !r.resource().startsWith("coordination.k8s.io/leases"))
        .filter(r -> !r.resource().equals("authorization.k8s.io/selfsubjectrulesreviews"))
        .toList();
  }

  /**
   * Records every version of the Lease from now on, in the order the server stored them: a version
   * seen after another one's was stored after it, so once replica-b's is seen, all of replica-a's
   * are.
   */
  private void watchTheLease() {
    Lease current = plane.client().leases().inNamespace(LEASE_NAMESPACE).withName(LEASE).get();
    if (current != null) {
      leaseVersions.add(current);
    }
    leaseWatch =
        plane
            .client()
            .leases()
            .inNamespace(LEASE_NAMESPACE)
            .withName(LEASE)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Lease lease) {
                    if (action != Action.DELETED) {
                      leaseVersions.add(lease);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  private Lease awaitLease(Predicate<LeaseSpec> condition) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () ->
                leaseVersions.stream()
                    .filter(l -> l.getSpec() != null && condition.test(l.getSpec()))
                    .findFirst()
                    .orElse(null),
            lease -> lease != null);
  }

  private Lease lastVersionHeldBy(String holder) {
    List<Lease> held =
        leaseVersions.stream().filter(l -> holder.equals(l.getSpec().getHolderIdentity())).toList();
    assertThat(held).as("versions of the Lease held by %s", holder).isNotEmpty();
    return held.get(held.size() - 1);
  }

  private void apply(String beforeHook) throws IOException {
    Path manifest =
        Files.writeString(
            dir.resolve("web.yaml"),
            WebManifest.withHooks(
                registry.imageReference("shop/web", "v1.0.0"),
                registry.registryUrl("shop/web"),
                beforeHook,
                "echo \"after $DEWY_VERSION\""));
    Kubectl.Result applied =
        plane.kubectl().inNamespace(namespace).run("apply", "-f", manifest.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
  }

  private DewyDeployment awaitDewy(Predicate<DewyDeployment> condition) {
    return plane
        .client()
        .resources(DewyDeployment.class)
        .inNamespace(namespace)
        .withName("web")
        .waitUntilCondition(d -> d != null && condition.test(d), 3, TimeUnit.MINUTES);
  }

  private List<Job> beforeHookJobs() {
    return plane
        .client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel("dewy.dev/deployment", "web")
        .withLabel("dewy.dev/hook", "before-deploy")
        .list()
        .getItems();
  }

  private void awaitBeforeHookJobs(int count) {
    await().atMost(TIMEOUT).until(() -> beforeHookJobs().size() == count);
  }

  private static void waitFor(Process process) {
    try {
      process.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
