package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.OperatorExtension;
import dev.dewy.operator.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad specs and bad situations, side by side in one sandbox while a healthy DewyDeployment deploys:
 * each ends Stalled (the spec must change) or Ready=False with a reason (it may resolve), with a
 * message naming the field and the fix, and the operator keeps working for everyone else.
 */
class BadInputIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  @RegisterExtension
  static final LocalOciRegistry privateRegistry = LocalOciRegistry.withBasicAuth("ci", "s3cret");

  private static final String HOOK_NEEDING_SECRET =
      "{beforeDeploy: {command: 'test -n \"$TOKEN\"', env: [{name: TOKEN, valueFrom:"
          + " {secretKeyRef: {name: hook-token, key: token}}}]}}";

  @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();

  private OperatorHarness harness;

  /** What a user should see for one bad input. */
  /** Which layer must turn the case down: the CRD's schema at admission, or the operator. */
  private enum Layer {
    SCHEMA,
    OPERATOR
  }

  private record Case(
      String name, Layer layer, String spec, String reason, List<String> messageParts) {
    boolean stalls() {
      return Reasons.INVALID_SPEC.equals(reason);
    }
  }

  @BeforeEach
  void start() {
    registry.pushImages("shop/web", "v1.0.0", "v1.1.0");
    privateRegistry.pushImages("shop/secret", "v1.0.0");
  }

  @Test
  void eachBadInputEndsWithAMessageNamingFieldAndFixWhileAHealthyDeploymentDeploys() {
    List<Case> cases = cases();
    Map<Case, String> rejectedByApi = new LinkedHashMap<>();
    harness.client().secrets().inNamespace(harness.namespace()).resource(opaqueSecret()).create();
    harness.client().secrets().inNamespace(harness.namespace()).resource(brokenSecret()).create();
    for (Case c : cases) {
      harness.deployment(c.name(), registry.imageReference("shop/web", "v1.0.0"));
      create(c).ifPresent(error -> rejectedByApi.put(c, error));
    }
    harness.deployment("healthy", registry.imageReference("shop/web", "v1.0.0"));
    harness.apply(dewyDeployment("healthy", "registry: " + webRegistry()));

    DewyDeployment healthy =
        harness.await("healthy", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(healthy.getStatus().getPhase()).isEqualTo(Phase.Idle);

    Map<Case, Map<String, Object>> judged = awaitJudged(cases, rejectedByApi.keySet());

    SoftAssertions softly = new SoftAssertions();
    for (Case c : cases) {
      softly
          .assertThat(rejectedByApi.containsKey(c))
          .as("%s is turned down by the %s", c.name(), c.layer())
          .isEqualTo(c.layer() == Layer.SCHEMA);
      if (rejectedByApi.containsKey(c)) {
        System.out.printf("%-28s rejected by the API: %s%n", c.name(), rejectedByApi.get(c));
        softly
            .assertThat(rejectedByApi.get(c))
            .as("%s: API rejection names the field", c.name())
            .contains(c.messageParts().get(0));
        continue;
      }
      Map<String, Object> ready = judged.getOrDefault(c, Map.of());
      System.out.printf("%-28s %s: %s%n", c.name(), ready.get("reason"), ready.get("message"));
      softly.assertThat(ready.get("reason")).as("%s reason", c.name()).isEqualTo(c.reason());
      softly.assertThat(ready.get("status")).as("%s Ready", c.name()).isEqualTo("False");
      softly
          .assertThat((String) ready.get("message"))
          .as("%s message", c.name())
          .contains(c.messageParts());
      Optional<Map<String, Object>> stalled = condition(c.name(), "Stalled");
      if (c.stalls()) {
        softly.assertThat(stalled).as("%s Stalled", c.name()).isPresent();
        stalled.ifPresent(
            s -> {
              softly.assertThat(s.get("status")).as("%s Stalled", c.name()).isEqualTo("True");
              softly.assertThat(s.get("reason")).isEqualTo(Reasons.INVALID_SPEC);
            });
      } else {
        softly.assertThat(stalled).as("%s not Stalled", c.name()).isEmpty();
      }
      softly
          .assertThat(harness.workload(c.name()).getSpec().getTemplate().getSpec().getContainers())
          .as("%s workload untouched", c.name())
          .allSatisfy(container -> assertThat(container.getImage()).endsWith(":v1.0.0"));
    }
    softly
        .assertThat(cases.size() - rejectedByApi.size())
        .as("cases the operator judged")
        .isGreaterThanOrEqualTo(15);
    softly.assertAll();
  }

  /**
   * A workload created after its DewyDeployment, as one {@code kubectl apply -f} of a file that
   * lists the DewyDeployment first does, is deployed within seconds: the hour-long interval is not
   * waited for.
   */
  @Test
  void creatingTheMissingTargetLetsTheDeployProceed() {
    harness.apply(
        dewyDeployment(
            "late",
            "registry: " + webRegistry(),
            "interval: 1h",
            "target: {kind: Deployment, name: late}"));
    awaitCondition("late", "Ready", Reasons.TARGET_NOT_FOUND);

    harness.deployment("late", registry.imageReference("shop/web", "v1.0.0"));

    DewyDeployment dd =
        harness.await("late", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(Conditions.find(dd.getStatus().getConditions(), "Ready").orElseThrow().getReason())
        .isEqualTo(Reasons.UP_TO_DATE);
    assertThat(harness.image("late")).isEqualTo(registry.pinnedReference("shop/web", "v1.1.0"));
  }

  @Test
  void creatingTheSecretAHookNeedsLetsTheNextAttemptDeploy() {
    harness.deployment("guarded", registry.imageReference("shop/web", "v1.0.0"));
    harness.apply(
        dewyDeployment("guarded", "registry: " + webRegistry(), "hooks: " + HOOK_NEEDING_SECRET));
    awaitCondition("guarded", "Ready", Reasons.BEFORE_HOOK_FAILED);

    harness
        .client()
        .secrets()
        .inNamespace(harness.namespace())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("hook-token")
                .endMetadata()
                .addToStringData("token", "t0k3n")
                .build())
        .create();

    DewyDeployment dd =
        harness.await("guarded", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(dd.getStatus().getHooks().getBeforeDeploy().getExitCode()).isZero();
    // Attempts made before the Secret existed were aborted (how many depends on timing).
    List<String> results =
        dd.getStatus().getHistory().stream().map(h -> h.getResult().name()).toList();
    assertThat(results.get(0)).isEqualTo("Succeeded");
    assertThat(results.subList(1, results.size())).isNotEmpty().containsOnly("Aborted");
  }

  @Test
  void fixingTheIntervalClearsStalledAndDeploys() {
    harness.deployment("slow", registry.imageReference("shop/web", "v1.0.0"));
    harness.apply(dewyDeployment("slow", "registry: " + webRegistry(), "interval: \"0\""));
    awaitCondition("slow", "Stalled", Reasons.INVALID_SPEC);

    OperatorHarness.edit(
        harness
            .client()
            .resources(DewyDeployment.class)
            .inNamespace(harness.namespace())
            .withName("slow"),
        dd -> {
          dd.getSpec().setInterval("1s");
          return dd;
        });

    DewyDeployment dd =
        harness.await("slow", TIMEOUT, d -> "v1.1.0".equals(d.getStatus().getCurrentVersion()));
    assertThat(Conditions.find(dd.getStatus().getConditions(), "Stalled")).isEmpty();
    assertThat(Conditions.find(dd.getStatus().getConditions(), "Ready").orElseThrow().getStatus())
        .isEqualTo("True");
  }

  private List<Case> cases() {
    String web = webRegistry();
    String host = registry.hostPort();
    List<Case> cases = new ArrayList<>();
    cases.add(
        schema(
            "unknown-scheme",
            "registry: imgs://" + host + "/shop/web",
            "spec.registry",
            "unknown scheme \"imgs\"",
            "expected img"));
    cases.add(
        stalled(
            "no-repository",
            "registry: img://" + host + "/",
            "spec.registry",
            "needs a host and a repository"));
    cases.add(
        stalled(
            "tag-in-url",
            "registry: img://" + host + "/shop/web:v1.0.0",
            "spec.registry",
            "takes no tag",
            "spec.version pins one"));
    cases.add(
        stalled(
            "unknown-registry-option",
            "registry: " + web + "?prerelease=true",
            "spec.registry",
            "unknown option \"prerelease\"",
            "pre-release"));
    cases.add(
        stalled(
            "zero-interval",
            "registry: " + web + "\n  interval: \"0\"",
            "spec.interval",
            "at least 1s"));
    cases.add(
        schema("bad-interval", "registry: " + web + "\n  interval: 5 minutes", "spec.interval"));
    cases.add(
        schema(
            "unknown-approval",
            "registry: " + web + "\n  approval: sometimes",
            "spec.approval",
            "auto",
            "manual"));
    cases.add(
        schema(
            "timeout-without-approval",
            "registry: " + web + "\n  approvalTimeout: 1h",
            "spec.approvalTimeout",
            "set approval: manual, or remove approvalTimeout"));
    cases.add(
        schema(
            "unknown-rollback",
            "registry: " + web + "\n  rollback: sometimes",
            "spec.rollback",
            "auto",
            "none"));
    cases.add(
        schema(
            "rollback-on-failure-before-hook",
            "registry: "
                + web
                + "\n  hooks: {beforeDeploy: {command: 'true', rollbackOnFailure: true}}",
            "spec.hooks.beforeDeploy.rollbackOnFailure",
            "move rollbackOnFailure to hooks.afterDeploy, or remove it"));
    cases.add(
        stalled(
            "zero-rollout-timeout",
            "registry: " + web + "\n  rolloutTimeout: \"0\"",
            "spec.rolloutTimeout",
            "at least 1s"));
    cases.add(
        schema(
            "unsupported-kind",
            "registry: " + web + "\n  target: {kind: CronJob, name: unsupported-kind}",
            "spec.target.kind",
            "Deployment"));
    cases.add(
        stalled(
            "container-not-found",
            "registry: "
                + web
                + "\n  target: {kind: Deployment, name: container-not-found, container: web}",
            "spec.target.container",
            "container \"web\" not found",
            "it has: app"));
    cases.add(
        schema(
            "empty-hook-command",
            "registry: " + web + "\n  hooks: {beforeDeploy: {command: \"\"}}",
            "spec.hooks.beforeDeploy.command",
            "must not be empty"));
    cases.add(
        stalled(
            "zero-hook-timeout",
            "registry: " + web + "\n  hooks: {afterDeploy: {command: 'true', timeout: \"0\"}}",
            "spec.hooks.afterDeploy.timeout",
            "at least 1s"));
    cases.add(
        stalled(
            "calver-without-specifiers",
            "registry: " + web + "?calver=release",
            "spec.registry",
            "calver"));
    cases.add(
        stalled(
            "gcs-endpoint-not-http",
            "registry: gs://releases/dewy?endpoint=ftp://x",
            "spec.registry",
            "endpoint must be an http or https URL",
            "endpoint=https://HOST"));
    cases.add(
        stalled("pin-not-a-version", "registry: " + web + "\n  version: \"1.0\"", "spec.version"));
    cases.add(
        stalled(
            "bad-constraint",
            "registry: " + web + "\n  versionConstraint: \">>1.0\"",
            "spec.versionConstraint"));
    // A bad spec.notifier does not stop deploys (issue 5): NotifierStatusIT covers it.
    cases.add(
        blocked(
            "target-missing",
            Reasons.TARGET_NOT_FOUND,
            "registry: " + web + "\n  target: {kind: Deployment, name: nowhere}",
            "spec.target",
            "Deployment \"nowhere\" not found in namespace \"" + harness.namespace() + "\"",
            "create it"));
    cases.add(
        blocked(
            "target-other-kind",
            Reasons.TARGET_NOT_FOUND,
            "registry: " + web + "\n  target: {kind: StatefulSet, name: target-other-kind}",
            "spec.target",
            "StatefulSet \"target-other-kind\" not found",
            "spec.target.kind"));
    cases.add(
        blocked(
            "secret-missing",
            Reasons.SECRET_NOT_FOUND,
            "registry: " + web + "\n  credentialsSecret: nosuch",
            "spec.credentialsSecret",
            "Secret \"nosuch\" not found in namespace \"" + harness.namespace() + "\"",
            "kubectl create secret docker-registry nosuch"));
    cases.add(
        blocked(
            "secret-wrong-type",
            Reasons.SECRET_NOT_FOUND,
            "registry: " + web + "\n  credentialsSecret: opaque",
            "spec.credentialsSecret",
            "has no .dockerconfigjson key",
            "kubernetes.io/dockerconfigjson"));
    cases.add(
        blocked(
            "secret-broken-json",
            Reasons.SECRET_NOT_FOUND,
            "registry: " + web + "\n  credentialsSecret: broken",
            "spec.credentialsSecret",
            "Secret \"broken\"",
            "not valid JSON",
            "kubectl create secret docker-registry"));
    cases.add(
        blocked(
            "hook-secret-missing",
            Reasons.BEFORE_HOOK_FAILED,
            "registry: " + web + "\n  hooks: " + HOOK_NEEDING_SECRET,
            "spec.hooks.beforeDeploy",
            "CreateContainerConfigError",
            "\"hook-token\" not found",
            "create it",
            "the workload was not changed"));
    cases.add(
        blocked(
            "registry-unreachable",
            Reasons.REGISTRY_ERROR,
            "registry: img://127.0.0.1:" + closedPort() + "/shop/web",
            "spec.registry"));
    cases.add(
        blocked(
            "registry-unauthorized",
            Reasons.REGISTRY_ERROR,
            "registry: " + privateRegistry.registryUrl("shop/secret"),
            "spec.registry",
            "401",
            "spec.credentialsSecret"));
    cases.add(
        blocked(
            "repository-not-found",
            Reasons.REGISTRY_ERROR,
            "registry: " + registry.registryUrl("shop/nosuch"),
            "spec.registry",
            "shop/nosuch"));
    cases.add(
        blocked(
            "constraint-matches-nothing",
            Reasons.NO_MATCHING_VERSION,
            "registry: " + web + "\n  versionConstraint: \">= 9.0.0\"",
            "spec.versionConstraint",
            "outside constraint"));
    cases.add(
        blocked(
            "pin-not-found",
            Reasons.NO_MATCHING_VERSION,
            "registry: " + web + "\n  version: v9.9.9",
            "spec.version",
            "pin \"v9.9.9\" not found"));
    return cases;
  }

  /** Refused at admission by the CRD's schema (pattern, enum, minLength). */
  private static Case schema(String name, String spec, String field, String... parts) {
    return new Case(name, Layer.SCHEMA, spec, Reasons.INVALID_SPEC, parts(field, parts));
  }

  /** Admitted, then stalled by the operator's spec check: OpenAPI cannot say it. */
  private static Case stalled(String name, String spec, String field, String... parts) {
    return new Case(name, Layer.OPERATOR, spec, Reasons.INVALID_SPEC, parts(field, parts));
  }

  /** A spec that is right but meets a world that is not (yet): the operator reports it. */
  private static Case blocked(
      String name, String reason, String spec, String field, String... parts) {
    return new Case(name, Layer.OPERATOR, spec, reason, parts(field, parts));
  }

  private static List<String> parts(String field, String... rest) {
    List<String> parts = new ArrayList<>();
    parts.add(field);
    parts.addAll(List.of(rest));
    return parts;
  }

  /**
   * Creates the case's resource untyped (some are not valid Java objects); the API's error, if any.
   */
  private Optional<String> create(Case c) {
    String spec =
        c.spec().contains("target:")
            ? c.spec()
            : c.spec() + "\n  target: {kind: Deployment, name: " + c.name() + "}";
    String yaml = dewyDeployment(c.name(), spec);
    GenericKubernetesResource resource =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    try {
      untyped().resource(resource).create();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      assertThat(e.getCode()).as(c.name() + ": " + e.getMessage()).isEqualTo(422);
      return Optional.of(e.getMessage());
    }
  }

  private static String dewyDeployment(String name, String... specLines) {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: dewy.dev/v1alpha1
            kind: DewyDeployment
            metadata: {name: %s}
            spec:
              interval: 1s
            """
                .formatted(name));
    for (String line : specLines) {
      yaml.append("  ").append(line).append('\n');
    }
    String text = yaml.toString();
    if (!text.contains("target:")) {
      text += "  target: {kind: Deployment, name: " + name + "}\n";
    }
    // A case's own interval replaces the default.
    if (text.indexOf("interval:") != text.lastIndexOf("interval:")) {
      text = text.replaceFirst("  interval: 1s\n", "");
    }
    return text;
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      untyped() {
    return harness
        .client()
        .genericKubernetesResources("dewy.dev/v1alpha1", "DewyDeployment")
        .inNamespace(harness.namespace());
  }

  /** Waits until every case shows its reason; on time-out the assertions say which did not. */
  /**
   * Each case's Ready condition as it was when first seen with the case's reason (else as last
   * seen): a case that fails and is retried, such as a hook whose Secret is missing, is Deploying
   * again during its next attempt, so reading it later could see that instead of the judgement.
   */
  private Map<Case, Map<String, Object>> awaitJudged(
      List<Case> cases, java.util.Set<Case> rejected) {
    Map<Case, Map<String, Object>> judged = new LinkedHashMap<>();
    try {
      Awaitility.await("every case judged")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (Case c : cases) {
                  if (rejected.contains(c)
                      || (judged.containsKey(c)
                          && c.reason().equals(judged.get(c).get("reason")))) {
                    continue;
                  }
                  condition(c.name(), "Ready").ifPresent(r -> judged.put(c, r));
                }
                return cases.stream()
                    .filter(c -> !rejected.contains(c))
                    .allMatch(
                        c ->
                            judged.containsKey(c)
                                && c.reason().equals(judged.get(c).get("reason")));
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // Reported case by case below.
    }
    return judged;
  }

  private Map<String, Object> awaitCondition(String name, String type, String reason) {
    return Awaitility.await(name + " " + type + "=" + reason)
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> condition(name, type).orElse(null),
            c -> c != null && reason.equals(c.get("reason")));
  }

  @SuppressWarnings("unchecked")
  private Optional<Map<String, Object>> condition(String name, String type) {
    GenericKubernetesResource dd = untyped().withName(name).get();
    Object status = dd.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> list)) {
      return Optional.empty();
    }
    return list.stream()
        .map(c -> (Map<String, Object>) c)
        .filter(c -> type.equals(c.get("type")))
        .findFirst();
  }

  private String webRegistry() {
    return registry.registryUrl("shop/web");
  }

  private io.fabric8.kubernetes.api.model.Secret opaqueSecret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("opaque")
        .withNamespace(harness.namespace())
        .endMetadata()
        .withType("Opaque")
        .addToStringData("password", "hunter2")
        .build();
  }

  /**
   * Carries a .dockerconfigjson key that is not JSON (Opaque: a real server refuses such a document
   * only in a Secret of type kubernetes.io/dockerconfigjson).
   */
  private io.fabric8.kubernetes.api.model.Secret brokenSecret() {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("broken")
        .withNamespace(harness.namespace())
        .endMetadata()
        .withType("Opaque")
        .addToStringData(".dockerconfigjson", "{not json")
        .build();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
