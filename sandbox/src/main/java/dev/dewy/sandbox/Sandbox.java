package dev.dewy.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.sandbox.api.ApiServer;
import dev.dewy.sandbox.api.BearerToken;
import dev.dewy.sandbox.api.DiscoveryResponder;
import dev.dewy.sandbox.api.GarbageCollector;
import dev.dewy.sandbox.api.HttpWatchBridge;
import dev.dewy.sandbox.api.ObjectStore;
import dev.dewy.sandbox.api.ObjectWrites;
import dev.dewy.sandbox.api.OpenApiResponder;
import dev.dewy.sandbox.api.ResourceHandler;
import dev.dewy.sandbox.api.ResourceTypes;
import dev.dewy.sandbox.api.ServingCertificate;
import dev.dewy.sandbox.api.TableResponder;
import dev.dewy.sandbox.api.WriteOptions;
import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.BackendUse;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedded Kubernetes API on 127.0.0.1 that kubectl and fabric8/JOSDK both talk to: one {@link
 * #kubeconfig()} serves both. Independent of any other sandbox in the JVM.
 */
public final class Sandbox implements AutoCloseable {
  private final Vertx vertx;
  private final ApiServer server;
  private final GarbageCollector collector;
  private final String url;
  private final BearerToken token = BearerToken.random();
  private final Path kubeconfig;
  private final KubernetesClient client;
  private final List<AutoCloseable> running = new ArrayList<>();

  private Sandbox(SandboxOptions options, Path kubeconfigFile) {
    BackendUse.used(Backend.SANDBOX);
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Clock clock = Clock.systemUTC();
    ObjectStore store = new ObjectStore();
    ResourceTypes types = new ResourceTypes(store);
    collector = new GarbageCollector(store);
    ObjectWrites writes = new ObjectWrites(store, types, options.admission(), clock, collector);
    TableResponder tables = new TableResponder(clock);
    ResourceHandler resources =
        new ResourceHandler(store, types, writes, tables, options.podLogs());
    server =
        new ApiServer(
            vertx,
            new DiscoveryResponder(types),
            new OpenApiResponder(types),
            resources,
            new HttpWatchBridge(vertx, store, resources, tables),
            token);
    int port = server.start(options.port());
    url = "https://127.0.0.1:" + port;
    createNamespaces(writes, types);
    kubeconfig =
        Kubeconfig.write(
            kubeconfigFile, url, ServingCertificate.get().certificateData(), token.value());
    client = newClient();
    for (SandboxController controller : options.controllers()) {
      KubernetesClient controllerClient = newClient();
      running.add(controllerClient);
      running.add(controller.start(controllerClient));
    }
  }

  /** Starts a sandbox on a free port with schema admission and no controllers. */
  public static Sandbox start() {
    return start(SandboxOptions.defaults());
  }

  public static Sandbox start(SandboxOptions options) {
    try {
      Path file = Files.createTempFile("dewy-sandbox-", ".kubeconfig");
      file.toFile().deleteOnExit();
      return new Sandbox(options, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a sandbox whose kubeconfig is written to the given file. */
  public static Sandbox start(SandboxOptions options, Path kubeconfig) {
    return new Sandbox(options, kubeconfig);
  }

  private static void createNamespaces(ObjectWrites writes, ResourceTypes types) {
    var namespaces = types.find("", "v1", "namespaces").orElseThrow();
    for (String name : List.of("default", "kube-system", "kube-public")) {
      ObjectNode namespace = JsonNodeFactory.instance.objectNode();
      namespace.putObject("metadata").put("name", name);
      writes.create(namespaces, null, namespace, WriteOptions.plain());
    }
  }

  /** A new fabric8 client for this sandbox, namespace default; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new VertxHttpClientFactory())
        .withConfig(clientConfig())
        .build();
  }

  /** The client configuration of {@link #newClient()}, for a client built another way. */
  public Config clientConfig() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withCaCertData(ServingCertificate.get().certificateData())
        .withOauthToken(token.value())
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /** The sandbox's own client, closed with the sandbox. */
  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String url() {
    return url;
  }

  @Override
  public void close() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        // closing the rest matters more than one controller's failure to stop
      }
    }
    client.close();
    server.close();
    collector.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
