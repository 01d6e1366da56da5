package dev.dewy.sandbox.testenv;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code testenv/cluster --run-images} as a person runs it (as root): serving pods run from images
 * pulled from a registry (here one that wants Basic credentials, given as the pod's
 * imagePullSecrets), as their user, with the pod's token mounted, a read-only root, probes and
 * restarts. The image is busybox from this host with the libraries it links.
 */
class RunImagesE2E {
  private static final Path TESTENV = Path.of("../testenv").toAbsolutePath().normalize();
  private static final String AUTH =
      "Basic "
          + Base64.getEncoder().encodeToString("puller:s3cret".getBytes(StandardCharsets.UTF_8));

  private static Path dir;
  private static Process cluster;
  private static HttpServer registry;
  private static KubernetesClient client;
  private static String image;

  @BeforeAll
  static void startClusterAndRegistry() throws Exception {
    assertThat(System.getProperty("user.name"))
        .as("--run-images needs root: run ./run-tests as root, as CI does")
        .isEqualTo("root");
    BackendUse.used(Backend.CONTROL_PLANE);
    dir = Files.createTempDirectory("run-images");
    image = serveBusyboxImage() + "/tools/busybox:1";
    Path kubeconfig = dir.resolve("kubeconfig");
    // kept under target/, unlike the cluster's own directory: a start that fails is read there
    Path logs =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "run-images-logs-");
    cluster =
        new ProcessBuilder(
                TESTENV.resolve("cluster").toString(),
                "--run-images",
                "--kubeconfig",
                kubeconfig.toString(),
                "--log-dir",
                logs.toString())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    String first =
        new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(first)
        .as(
            "%s%nthe node agent's and controller-manager's logs are in %s",
            Files.readString(dir.resolve("stderr")), logs.toAbsolutePath())
        .isEqualTo("ready");
    client =
        new KubernetesClientBuilder()
            .withConfig(
                Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString()))
            .build();
    client
        .secrets()
        .inNamespace("default")
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("pull")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withStringData(
                    Map.of(
                        ".dockerconfigjson",
                        "{\"auths\":{\""
                            + image.substring(0, image.indexOf('/'))
                            + "\":{\"username\":\"puller\",\"password\":\"s3cret\"}}}"))
                .build())
        .create();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.destroy();
      cluster.waitFor(60, TimeUnit.SECONDS);
      cluster.destroyForcibly();
    }
    if (registry != null) {
      registry.stop(0);
    }
    new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
  }

  @Test
  void aContainerRunsFromItsImageAsItsUserWithTheTokenOnAReadOnlyRootAndIsRestarted()
      throws Exception {
    String script =
        "id -u; id -g; cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo;"
            + " test -s /var/run/secrets/kubernetes.io/serviceaccount/token && echo token;"
            + " echo api=$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT greeting=$GREETING;"
            + " touch /written 2>/dev/null || echo read-only root; touch /tmp/x && echo tmp writable;"
            + " exit 3";
    Pod pod =
        pod("crashing")
            .editSpec()
            .editFirstContainer()
            .withArgs("-c", script)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .addNewEnv()
            .withName("GREETING")
            .withValue("hello")
            .endEnv()
            .withNewSecurityContext()
            .withRunAsUser(1000L)
            .withRunAsGroup(2000L)
            .withReadOnlyRootFilesystem(true)
            .endSecurityContext()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();

    client.resource(pod).create();
    Pod crashed =
        await(
            "crashing",
            p -> {
              ContainerStatus s = status(p);
              return s != null
                  && s.getRestartCount() >= 1
                  && s.getState().getWaiting() != null
                  && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason());
            });

    ContainerStatus status = status(crashed);
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(status.getImageID())
        .startsWith(image.substring(0, image.indexOf(':', image.indexOf('/'))) + "@sha256:");
    assertThat(status.getState().getWaiting().getMessage())
        .isEqualTo("back-off 10s restarting failed container=main");
    assertThat(status.getLastState().getTerminated().getMessage().strip())
        .as("what the container printed before it exited (FallbackToLogsOnError)")
        .isEqualTo(
            "1000\n2000\ndefault\ntoken\napi=127.0.0.1:"
                + client.getMasterUrl().getPort()
                + " greeting=hello\nread-only root\ntmp writable");
  }

  @Test
  void aReadinessProbeDecidesWhenTheContainerIsReadyAndDeletionEndsItWithSigterm()
      throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Pod pod =
        pod("serving")
            .editSpec()
            .editFirstContainer()
            .withArgs("-c", "sleep 2; exec httpd -f -p 127.0.0.1:" + port + " -h /etc")
            .addNewPort()
            .withName("http")
            .withContainerPort(port)
            .endPort()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/passwd")
            .withNewPort("http")
            .endHttpGet()
            .withPeriodSeconds(1)
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .build();

    List<ContainerStatus> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        client
            .pods()
            .inNamespace("default")
            .withName("serving")
            .watch(
                new io.fabric8.kubernetes.client.Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod p) {
                    if (status(p) != null) {
                      seen.add(status(p));
                    }
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                })) {
      client.resource(pod).create();
      Pod ready =
          await("serving", p -> status(p) != null && Boolean.TRUE.equals(status(p).getReady()));

      assertThat(seen)
          .as("running, but not ready until its probe passed")
          .anyMatch(s -> s.getState().getRunning() != null && !s.getReady());
      assertThat(status(ready).getRestartCount()).isZero();
      assertThat(ready.getStatus().getConditions())
          .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));

      // deleted: SIGTERM ends httpd, the node reports it and removes the pod
      client.resource(ready).delete();
      client
          .pods()
          .inNamespace("default")
          .withName("serving")
          .waitUntilCondition(java.util.Objects::isNull, 3, TimeUnit.MINUTES);
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(1))
          .until(() -> seen.stream().anyMatch(s -> s.getState().getTerminated() != null));
      assertThat(seen.stream().filter(s -> s.getState().getTerminated() != null).findFirst())
          .as("its final status, written before the pod went: ended by SIGTERM")
          .hasValueSatisfying(
              s -> assertThat(s.getState().getTerminated().getExitCode()).isEqualTo(143));
    }
  }

  private static PodBuilder pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Always")
        .withTerminationGracePeriodSeconds(1L)
        .addNewImagePullSecret("pull")
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .endContainer()
        .endSpec();
  }

  private static Pod await(String name, Predicate<Pod> condition) {
    return client
        .pods()
        .inNamespace("default")
        .withName(name)
        .waitUntilCondition(p -> p != null && condition.test(p), 3, TimeUnit.MINUTES);
  }

  private static ContainerStatus status(Pod pod) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    return statuses == null || statuses.isEmpty() ? null : statuses.get(0);
  }

  /**
   * Serves one image over the distribution API's read endpoints, behind Basic auth: busybox and the
   * libraries it links, an /etc/passwd, ENTRYPOINT {@code sh}, PATH /bin. Returns HOST:PORT.
   */
  private static String serveBusyboxImage() throws Exception {
    byte[] layer = busyboxLayer();
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Entrypoint\":[\"/bin/sh\"],"
                + "\"Env\":[\"PATH=/bin\"],\"User\":\"65532\"},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\""
                + digest(config)
                + "\",\"size\":"
                + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\""
                + digest(layer)
                + "\",\"size\":"
                + layer.length
                + "}]}")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> paths = new ConcurrentHashMap<>();
    paths.put("/v2/tools/busybox/manifests/1", manifest);
    paths.put("/v2/tools/busybox/blobs/" + digest(config), config);
    paths.put("/v2/tools/busybox/blobs/" + digest(layer), layer);
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext(
        "/",
        exchange -> {
          byte[] body = paths.get(exchange.getRequestURI().getPath());
          if (!AUTH.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
            exchange.sendResponseHeaders(401, -1);
          } else if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            if (body == manifest) {
              exchange
                  .getResponseHeaders()
                  .add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    registry.start();
    return "127.0.0.1:" + registry.getAddress().getPort();
  }

  private static byte[] busyboxLayer() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (String file :
          List.of(
              "/bin/busybox",
              "/lib/x86_64-linux-gnu/libresolv.so.2",
              "/lib/x86_64-linux-gnu/libc.so.6",
              "/lib64/ld-linux-x86-64.so.2")) {
        Path real = Path.of(file).toRealPath();
        TarArchiveEntry entry = new TarArchiveEntry(real.toFile(), file.substring(1));
        entry.setMode(0100755);
        tar.putArchiveEntry(entry);
        Files.copy(real, tar);
        tar.closeArchiveEntry();
      }
      for (String applet :
          List.of("sh", "id", "cat", "test", "echo", "touch", "mkdir", "sleep", "httpd")) {
        TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("busybox");
        tar.putArchiveEntry(link);
        tar.closeArchiveEntry();
      }
      byte[] passwd =
          "root:x:0:0::/:/bin/sh\nnonroot:x:65532:65532::/:/bin/sh\n"
              .getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("etc/passwd");
      entry.setSize(passwd.length);
      entry.setMode(0100644);
      tar.putArchiveEntry(entry);
      tar.write(passwd);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static String digest(byte[] content) throws Exception {
    return "sha256:"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
