package dev.dewy.sandbox.node;

import dev.dewy.sandbox.kubelet.DaemonThreads;
import dev.dewy.sandbox.kubelet.HostCommand;
import dev.dewy.sandbox.kubelet.ImageRuntime;
import dev.dewy.sandbox.kubelet.Kubelet;
import dev.dewy.sandbox.kubelet.PodLogStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node for any Kubernetes API server, without a container runtime: it registers a Ready Node,
 * renews its Lease, runs the pods the scheduler binds to it with the sandbox's host-process
 * kubelet, and serves their logs to kube-apiserver.
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  private static final long LEASE_RENEW_SECONDS = 10;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final ScheduledExecutorService heartbeat =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("node-heartbeat"));
  private final ContainerLogServer logServer;
  private final Kubelet kubelet;

  private NodeAgent(Settings settings, KubernetesClient client) {
    PodLogStore logs = new PodLogStore();
    logServer = new ContainerLogServer(vertx, logs);
    int port =
        logServer.start(
            settings.address(),
            settings.port(),
            settings.tlsCert(),
            settings.tlsKey(),
            settings.clientCa());
    NodeRegistration node =
        new NodeRegistration(client, settings.nodeName(), settings.address(), port);
    node.register(client.getKubernetesVersion().getGitVersion());
    try {
      node.renewLease();
    } catch (RuntimeException e) {
      // the heartbeat below tries again in LEASE_RENEW_SECONDS
      LOG.warn("node {}: lease not renewed: {}", settings.nodeName(), e.toString());
    }
    heartbeat.scheduleWithFixedDelay(
        () -> {
          try {
            node.renewLease();
          } catch (RuntimeException e) {
            LOG.warn("node {}: lease not renewed: {}", settings.nodeName(), e.toString());
          }
          try {
            node.reportStatusIfStale();
          } catch (RuntimeException e) {
            LOG.warn("node {}: status not reported: {}", settings.nodeName(), e.toString());
          }
        },
        LEASE_RENEW_SECONDS,
        LEASE_RENEW_SECONDS,
        TimeUnit.SECONDS);
    kubelet =
        Kubelet.onNode(
                client,
                settings.nodeName(),
                settings.address(),
                logs,
                settings.workDir(),
                new HostCommand(HostCommand.mountNamespacesAvailable()),
                settings.runImages() ? images(client, settings.workDir()) : null)
            .start();
  }

  /** The runtime stand-in; containers reach kube-apiserver where this agent does. */
  private static ImageRuntime images(KubernetesClient client, Path workDir) {
    java.net.URL api = client.getMasterUrl();
    int port = api.getPort() < 0 ? api.getDefaultPort() : api.getPort();
    return new ImageRuntime(workDir.resolve("images"), api.getHost(), port);
  }

  /** Registers the node and starts running its pods. */
  public static NodeAgent start(Settings settings, KubernetesClient client) {
    return new NodeAgent(settings, client);
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    kubelet.close();
    logServer.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  /**
   * @param address the node's InternalIP, where kube-apiserver reaches the log endpoint
   * @param port the log endpoint's port; 0 for a free one
   * @param clientCa the CA whose client certificates may read logs (kube-apiserver's)
   * @param workDir where pods' files go (termination messages, working directories)
   * @param runImages whether serving pods run from their images (needs root)
   */
  public record Settings(
      String nodeName,
      String address,
      int port,
      Path tlsCert,
      Path tlsKey,
      Path clientCa,
      Path workDir,
      boolean runImages) {}
}
