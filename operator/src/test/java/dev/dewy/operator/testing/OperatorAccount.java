package dev.dewy.operator.testing;

import dev.dewy.operator.Main;
import dev.dewy.sandbox.testenv.ControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The operator's identity on the control plane, as the Helm chart sets it up: the service account
 * {@code dewy-system/dewy-operator} and the RBAC objects {@code helm template} renders, applied
 * once per control plane together with the committed CRD. Clients made here authenticate with that
 * service account's token, so a request the chart does not allow is refused as in a real install.
 */
public final class OperatorAccount {
  public static final String RELEASE_NAMESPACE = "dewy-system";
  public static final String NAME = "dewy-operator";
  static final Path CRD = Path.of("../crds/dewydeployments.dewy.dev-v1.yml");
  static final Path HELM = Path.of("../.tools/bin/helm");
  static final Path CHART = Path.of("../charts/dewy-operator");

  private static final Map<ControlPlane, OperatorAccount> ACCOUNTS = new ConcurrentHashMap<>();
  private static final Set<ControlPlane> PREPARED = ConcurrentHashMap.newKeySet();
  private static final Set<Class<?>> RBAC_KINDS =
      Set.of(
          ServiceAccount.class,
          ClusterRole.class,
          ClusterRoleBinding.class,
          Role.class,
          RoleBinding.class);

  private final ControlPlane plane;
  private final String serviceAccount;
  private final String token;

  private OperatorAccount(ControlPlane plane, String serviceAccount, String token) {
    this.plane = plane;
    this.serviceAccount = serviceAccount;
    this.token = token;
  }

  /**
   * The account of the chart's default install on {@code plane} (release "dewy-operator": a
   * ClusterRole for all namespaces, leader election in dewy-system), set up on first use.
   */
  public static OperatorAccount on(ControlPlane plane) {
    return ACCOUNTS.computeIfAbsent(plane, p -> install(p, NAME));
  }

  /**
   * The account of an install with {@code watchNamespaces}: Roles in those namespaces only, under a
   * release of its own, so that nothing of the default install's ClusterRole applies.
   */
  public static OperatorAccount namespaced(
      ControlPlane plane, String release, String... namespaces) {
    return install(plane, release, "watchNamespaces={" + String.join(",", namespaces) + "}");
  }

  private static OperatorAccount install(ControlPlane plane, String release, String... values) {
    KubernetesClient admin = plane.client();
    if (PREPARED.add(plane)) {
      applyCommittedCrd(admin);
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(RELEASE_NAMESPACE)
                  .endMetadata()
                  .build())
          .serverSideApply();
    }
    String serviceAccount = null;
    for (HasMetadata object : chartRbac(release, values)) {
      if (object instanceof ServiceAccount) {
        serviceAccount = object.getMetadata().getName();
      }
      if (object instanceof ClusterRole || object instanceof ClusterRoleBinding) {
        object.getMetadata().setNamespace(null);
      } else if (object.getMetadata().getNamespace() == null) {
        object.getMetadata().setNamespace(RELEASE_NAMESPACE);
      }
      admin.resource(object).forceConflicts().serverSideApply();
    }
    var request =
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(48L * 3600).endSpec().build();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(RELEASE_NAMESPACE)
            .withName(serviceAccount)
            .tokenRequest(request)
            .getStatus()
            .getToken();
    return new OperatorAccount(plane, serviceAccount, token);
  }

  /** The user kube-apiserver sees: {@code system:serviceaccount:dewy-system:NAME}. */
  public String user() {
    return "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + serviceAccount;
  }

  /** The committed CRD, applied and Established, as {@code kubectl apply -f crds/} leaves it. */
  public static void applyCommittedCrd(KubernetesClient admin) {
    try {
      CustomResourceDefinition crd =
          Serialization.unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
      admin.resource(crd).forceConflicts().serverSideApply();
      awaitEstablished(admin, crd.getMetadata().getName());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CRD.toAbsolutePath(), e);
    }
  }

  /** Waits until kube-apiserver serves the CRD {@code name}. */
  public static void awaitEstablished(KubernetesClient admin, String name) {
    admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    // a CRD just created may have a status with no conditions yet
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            60,
            TimeUnit.SECONDS);
  }

  /** The ServiceAccount and RBAC objects the chart renders for {@code release}. */
  public static List<HasMetadata> chartRbac(String release, String... setValues) {
    List<String> command =
        new ArrayList<>(
            List.of(
                HELM.toAbsolutePath().toString(),
                "template",
                release,
                CHART.toAbsolutePath().toString(),
                "-n",
                RELEASE_NAMESPACE));
    for (String value : setValues) {
      command.addAll(List.of("--set", value));
    }
    if (!Files.isExecutable(HELM)) {
      throw new IllegalStateException(
          HELM.toAbsolutePath() + " is missing: install it with .ci/install-helm");
    }
    try {
      Process helm = new ProcessBuilder(command).redirectErrorStream(true).start();
      String yaml = new String(helm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (helm.waitFor() != 0) {
        throw new IllegalStateException("helm template failed:\n" + yaml);
      }
      List<HasMetadata> objects = new ArrayList<>();
      for (String document : yaml.split("(?m)^---\\s*$")) {
        if (document.isBlank() || !document.contains("kind:")) {
          continue;
        }
        Object parsed = Serialization.unmarshal(document);
        if (parsed instanceof KubernetesList list) {
          objects.addAll(list.getItems());
        } else if (parsed instanceof HasMetadata object && RBAC_KINDS.contains(object.getClass())) {
          objects.add(object);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run helm", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A new client that authenticates as the operator's service account; the caller closes it. */
  public KubernetesClient newClient() {
    return Main.newClient(config());
  }

  private Config config() {
    Config admin = plane.client().getConfiguration();
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(admin.getMasterUrl())
        .withCaCertData(admin.getCaCertData())
        .withOauthToken(token)
        .withNamespace(RELEASE_NAMESPACE)
        .withUserAgent(Main.USER_AGENT)
        .build();
  }

  /** A kubeconfig for the service account, as {@code java -jar dewy-operator.jar} reads one. */
  public Path writeKubeconfig(Path file) {
    Config admin = plane.client().getConfiguration();
    String text =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: testenv
          cluster: {server: "%s", certificate-authority-data: %s}
        users:
        - name: dewy-operator
          user: {token: %s}
        contexts:
        - name: dewy-operator
          context: {cluster: testenv, user: dewy-operator, namespace: %s}
        current-context: dewy-operator
        """
            .formatted(admin.getMasterUrl(), admin.getCaCertData(), token, RELEASE_NAMESPACE);
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public ControlPlane plane() {
    return plane;
  }
}
