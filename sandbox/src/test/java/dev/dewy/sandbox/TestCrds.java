package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * CRDs in tests that run on both backends. On the shared control plane a CRD is cluster-wide and
 * outlives the test that made it, so each test creates the CRDs it needs, waits until they are
 * served (a real server serves a CRD's objects only once it is Established), and deletes them
 * after, waiting until they are gone, so that the next test can create them again. The wait for
 * absence is also run before a test, so that no test depends on how an earlier one ended.
 */
public final class TestCrds {
  private static final long PATIENCE_SECONDS = 120;

  private TestCrds() {}

  /** {@code kubectl apply -f manifest} of one CRD; asserts its output, waits until Established. */
  public static Kubectl.Result apply(
      Kubectl kubectl, KubernetesClient client, Path manifest, String name, String expected) {
    var result = kubectl.run("apply", "-f", manifest.toString());
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.stdout()).as(result.toString()).contains(expected);
    awaitEstablished(client, name);
    return result;
  }

  /** Creates the CRD with fabric8 and waits until it is Established. */
  public static CustomResourceDefinition create(
      KubernetesClient client, CustomResourceDefinition crd) {
    CustomResourceDefinition created =
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    awaitEstablished(client, crd.getMetadata().getName());
    return created;
  }

  /** Waits until the named CRD is Established, which is when its objects are served. */
  public static void awaitEstablished(KubernetesClient client, String name) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(TestCrds::established, PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  /** Deletes the named CRD if it exists, and waits until it is gone with all its objects. */
  public static void deleteAndAwaitGone(KubernetesClient client, String name) {
    var crd = client.apiextensions().v1().customResourceDefinitions().withName(name);
    crd.delete();
    crd.waitUntilCondition(Objects::isNull, PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
