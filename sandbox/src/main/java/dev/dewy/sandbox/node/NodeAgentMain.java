package dev.dewy.sandbox.node;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp dewy-sandbox.jar dev.dewy.sandbox.node.NodeAgentMain --kubeconfig FILE ...}: runs
 * the node agent until SIGTERM. testenv/cluster starts it beside the real control plane.
 */
public final class NodeAgentMain {
  static final String USAGE =
      """
      usage: NodeAgentMain --kubeconfig FILE --tls-cert FILE --tls-key FILE --client-ca FILE
                           [--node-name NAME] [--address IP] [--port PORT] [--work-dir DIR]
                           [--run-images]
        --kubeconfig  credentials that may write nodes, leases, pods and pods/status
        --tls-cert, --tls-key  the log endpoint's serving pair (PEM)
        --client-ca   CA of the client certificates allowed to read logs (kube-apiserver's)
        --node-name   the Node's name (default dewy-node)
        --address     the Node's InternalIP, where the log endpoint listens (default 127.0.0.1)
        --port        the log endpoint's port (default 0: a free one)
        --work-dir    where pods' files go (default: a temporary directory)
        --run-images  run the containers of serving pods (Deployments, StatefulSets,
                      DaemonSets) from their images: pulled from their registries, each in
                      its own root and mount namespace as its user (needs root)
      """;

  static final String RUN_IMAGES = "--run-images";

  private static final List<String> FLAGS =
      List.of(
          "--kubeconfig",
          "--tls-cert",
          "--tls-key",
          "--client-ca",
          "--node-name",
          "--address",
          "--port",
          "--work-dir");

  private NodeAgentMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dewy-sandbox-logback.xml");
    }
    Map<String, String> flags;
    NodeAgent.Settings settings;
    try {
      flags = parse(args);
      settings = settings(flags);
    } catch (IllegalArgumentException e) {
      System.err.println("node-agent: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    Path kubeconfig = Path.of(flags.get("--kubeconfig"));
    Config config =
        Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withHttpClientFactory(new VertxHttpClientFactory())
            .withConfig(config)
            .build();
    NodeAgent agent = NodeAgent.start(settings, client);
    System.out.println("node-agent: node " + settings.nodeName() + " registered");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  client.close();
                  stopped.countDown();
                },
                "node-agent-shutdown"));
    stopped.await();
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (String arg : args) {
      if (arg.equals(RUN_IMAGES)) {
        flags.put(RUN_IMAGES, "true");
        continue;
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (!FLAGS.contains(name) || eq < 0) {
        throw new IllegalArgumentException("bad argument \"" + arg + "\" (expected --flag=value)");
      }
      flags.put(name, arg.substring(eq + 1));
    }
    for (String required : List.of("--kubeconfig", "--tls-cert", "--tls-key", "--client-ca")) {
      if (!flags.containsKey(required)) {
        throw new IllegalArgumentException(required + " is required");
      }
    }
    return flags;
  }

  private static NodeAgent.Settings settings(Map<String, String> flags) {
    String port = flags.getOrDefault("--port", "0");
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("--port: \"" + port + "\" is not a port number");
    }
    boolean runImages = flags.containsKey(RUN_IMAGES);
    if (runImages && !"root".equals(System.getProperty("user.name"))) {
      throw new IllegalArgumentException(
          RUN_IMAGES
              + " needs root: each container gets its own mount namespace, its image's files"
              + " mounted as its root and its own user, as a container runtime does; run as root,"
              + " or leave "
              + RUN_IMAGES
              + " out to have serving pods reported running without running them");
    }
    Path workDir;
    try {
      workDir =
          flags.containsKey("--work-dir")
              ? Files.createDirectories(Path.of(flags.get("--work-dir")))
              : Files.createTempDirectory("dewy-node-pods-");
    } catch (IOException e) {
      throw new IllegalArgumentException("--work-dir: " + e.getMessage());
    }
    return new NodeAgent.Settings(
        flags.getOrDefault("--node-name", "dewy-node"),
        flags.getOrDefault("--address", "127.0.0.1"),
        Integer.parseInt(port),
        Path.of(flags.get("--tls-cert")),
        Path.of(flags.get("--tls-key")),
        Path.of(flags.get("--client-ca")),
        workDir,
        runImages);
  }
}
