package dev.dewy.operator;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.demo.Demo;
import dev.dewy.operator.demo.Publish;
import dev.dewy.operator.deploy.DeployOperator;
import dev.dewy.operator.fetch.FetchCommand;
import dev.dewy.operator.notify.ChannelSettings;
import dev.dewy.operator.push.PushEndpoint;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** Entry point of the runnable jar: parses the options and runs the operator until stopped. */
public final class Main {
  static final String CRD_NAME = "dewydeployments.dewy.dev";

  /** What the operator calls itself to the API: kube-apiserver takes the field manager from it. */
  public static final String USER_AGENT = "dewy-operator/0.1.0";

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("publish")) {
      System.exit(
          Publish.run(
              Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
      return;
    }
    if (args.length > 0 && args[0].equals("fetch")) {
      System.exit(
          FetchCommand.run(
              Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out, System.err));
      return;
    }
    OperatorOptions options;
    try {
      options = OperatorOptions.parse(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println("dewy-operator: " + e.getMessage());
      System.err.print(OperatorOptions.USAGE);
      System.exit(2);
      return;
    }
    options.logLevel().apply();
    if (options.help()) {
      System.out.print(OperatorOptions.USAGE);
      return;
    }
    if (options.demo()) {
      Demo.runUntilStopped();
      return;
    }
    if (options.sandbox()) {
      SandboxLauncher.run(options);
      return;
    }
    KubernetesClient client = newClient(clientConfig());
    if (!crdInstalled(client, options.namespaces(), System.err)) {
      System.exit(1);
    }
    runUntilStopped(client, options);
  }

  /**
   * The current kubeconfig (or in-cluster account), with the User-Agent "dewy-operator": the API
   * server names the field manager of every write after it, and audit logs the operator by it.
   */
  public static Config clientConfig() {
    Config config = Config.autoConfigure(null);
    config.setUserAgent(USER_AGENT);
    return config;
  }

  /**
   * The operator's client to the API server, on the JDK's own HTTP client. fabric8's default,
   * Vert.x, adds an event-loop group, a pooled direct-buffer allocator (16 MiB committed at rest)
   * and over a thousand classes that a process making a few requests a minute does not need; the
   * sandbox keeps Vert.x for its server only.
   */
  public static KubernetesClient newClient(Config config) {
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new JdkHttpClientFactory())
        .withConfig(config)
        .build();
  }

  /** Runs the operator against {@code client} until the JVM is asked to stop. */
  static void runUntilStopped(KubernetesClient client, OperatorOptions options) throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    DeployOperator operator =
        DeployOperator.start(
            client,
            options.namespaces(),
            options.leaderElectionNamespace(),
            ChannelSettings.defaults(),
            Clock.systemUTC(),
            options.hookJobTtl());
    String pushSecret = System.getenv(PushEndpoint.SECRET_ENV);
    PushEndpoint push =
        pushSecret == null || pushSecret.isBlank()
            ? null
            : new PushEndpoint(pushSecret, operator.pushes(), operator.metrics().registry());
    HealthServer health =
        options.metricsPort() == 0
            ? null
            : HealthServer.start(
                "0.0.0.0",
                options.metricsPort(),
                () -> true,
                () -> true,
                operator.metrics()::scrape,
                push);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  if (health != null) {
                    health.close();
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }

  /**
   * Whether DewyDeployments can be read where the operator watches; if not, says why (CRD missing,
   * RBAC, unreachable API) rather than failing later. It lists them instead of reading the CRD,
   * which the operator's role does not grant (and a namespaced install could not be granted).
   */
  static boolean crdInstalled(KubernetesClient client, Set<String> namespaces, PrintStream err) {
    ListOptions one = new ListOptionsBuilder().withLimit(1L).build();
    var resources = client.resources(DewyDeployment.class);
    String where = namespaces.isEmpty() ? "all namespaces" : "namespace ";
    try {
      if (namespaces.isEmpty()) {
        resources.inAnyNamespace().list(one);
      }
      for (String namespace : namespaces) {
        where = "namespace " + namespace;
        resources.inNamespace(namespace).list(one);
      }
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        err.println(
            "dewy-operator: the CustomResourceDefinition "
                + CRD_NAME
                + " is not installed in "
                + client.getMasterUrl()
                + "; install it with: kubectl apply -f crds/dewydeployments.dewy.dev-v1.yml"
                + " (or run with --sandbox to try the operator without a cluster)");
      } else if (e.getCode() == 403) {
        err.println(
            "dewy-operator: not allowed to list dewydeployments.dewy.dev in "
                + where
                + " ("
                + e.getStatus().getMessage()
                + "); grant the operator the ClusterRole of charts/dewy-operator, or a Role"
                + " per namespace with --namespace=NS");
      } else {
        err.println(
            "dewy-operator: cannot reach the Kubernetes API at "
                + client.getMasterUrl()
                + " ("
                + e.getMessage()
                + "); check your kubeconfig, or run with --sandbox to use the embedded API");
      }
      return false;
    }
  }
}
