package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dewy.sandbox.testenv.Backend;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import dev.dewy.sandbox.testenv.TestCluster;
import dev.dewy.sandbox.testenv.TestClusters;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Who may use the API: the holder of the kubeconfig's credential, and nobody else. The sandbox runs
 * Job commands on this machine as the user who started it, so a local process without its token
 * must not reach it. Each refusal is checked beside kube-apiserver's; what the sandbox opens to a
 * request without credentials is in {@link SandboxIT}.
 */
@ParameterizedClass
@EnumSource(Backend.class)
@ExtendWith(ControlPlaneExtension.class)
class AuthenticationIT {
  @Parameter Backend backend;
  @TempDir Path dir;

  private TestCluster cluster;

  @BeforeEach
  void start(TestClusters clusters) {
    cluster = clusters.start(backend, "auth-it");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aRequestWithAnotherTokenIsRefusedWith401AndAStatus() throws Exception {
    try (KubernetesClient stranger = clientWithToken("not-the-token")) {
      KubernetesClientException refused =
          catchThrowableOfType(
              KubernetesClientException.class,
              () -> stranger.configMaps().inNamespace(cluster.namespace()).list());
      assertThat(refused.getCode()).isEqualTo(401);
      assertThat(refused.getStatus().getReason()).isEqualTo("Unauthorized");
      assertThat(refused.getStatus().getMessage()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void kubectlWithAnotherTokenIsToldItIsNotLoggedIn() throws Exception {
    Path kubeconfig = dir.resolve("stranger.kubeconfig");
    String admin = Files.readString(cluster.kubeconfig());
    Files.writeString(kubeconfig, withToken(admin, "not-the-token"));
    Kubectl.Result result = new Kubectl(kubeconfig, kubectlBinary()).run("get", "configmaps");
    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.stderr()).contains("error: You must be logged in to the server");
    Kubectl.Result allowed = cluster.kubectl().run("get", "configmaps");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
  }

  private KubernetesClient clientWithToken(String token) {
    Config admin = cluster.client().getConfiguration();
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(admin.getMasterUrl())
            .withCaCertData(admin.getCaCertData())
            .withTrustCerts(admin.isTrustCerts())
            .withOauthToken(token)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new VertxHttpClientFactory())
        .withConfig(config)
        .build();
  }

  /** The admin kubeconfig with its user's credential replaced by a bearer token. */
  private static String withToken(String kubeconfig, String token) {
    String users =
        kubeconfig.replaceAll("(?m)^ +(token|client-certificate-data|client-key-data): .*\n", "");
    return users.replaceFirst("(?m)^( +)user:$", "$1user:\n$1  token: " + token);
  }

  private Path kubectlBinary() {
    return cluster.kubectl().binary();
  }
}
