package dev.dewy.operator.cli;

import dev.dewy.operator.Main;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags every subcommand takes, as kubectl spells them, and the client they make. */
final class ClusterOptions {
  /** The field manager kube-apiserver records for the plugin's writes. */
  static final String USER_AGENT = "kubectl-dewy/" + Main.USER_AGENT.split("/", 2)[1];

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "The namespace; by default the current context's, else default.")
  String namespace;

  @Option(
      names = "--context",
      paramLabel = "CONTEXT",
      description = "The kubeconfig context to use; by default the current one.")
  String context;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig file; by default $KUBECONFIG, else ~/.kube/config.")
  String kubeconfig;

  KubernetesClient client() {
    if (kubeconfig != null) {
      if (!Files.isReadable(Path.of(kubeconfig))) {
        throw new CliException("--kubeconfig: cannot read " + kubeconfig);
      }
      System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, kubeconfig);
    }
    Config config = Config.autoConfigure(context);
    if (context != null
        && (config.getCurrentContext() == null
            || !context.equals(config.getCurrentContext().getName()))) {
      throw new CliException("context \"" + context + "\" does not exist in the kubeconfig");
    }
    config.setUserAgent(USER_AGENT);
    return Main.newClient(config);
  }

  String namespace(KubernetesClient client) {
    if (namespace != null) {
      return namespace;
    }
    return client.getNamespace() == null ? "default" : client.getNamespace();
  }
}
