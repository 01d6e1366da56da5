package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Server-side behaviour of built-in kinds: defaults, immutable fields, finalizers. Sandbox only:
 * each test starts a sandbox of its own options (a pod log source); DifferentialIT compares the
 * same behaviour with kube-apiserver's.
 */
class BuiltInsIT {

  @Test
  void aJobGetsItsSelectorAndPodLabelsSoKubectlLogsFindsItsPod() {
    try (Sandbox sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .podLogs((ns, pod, container) -> Optional.of("hook output from " + pod + "\n")))) {
      Job job = sandbox.client().batch().v1().jobs().resource(TestObjects.job("hook")).create();
      assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
      assertThat(job.getSpec().getSelector().getMatchLabels())
          .containsEntry("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
      var podLabels = job.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(podLabels).containsEntry("job-name", "hook");
      assertThat(
              job.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getTerminationMessagePath())
          .isEqualTo("/dev/termination-log");
      sandbox
          .client()
          .pods()
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("hook-abcde")
                  .withLabels(podLabels)
                  .endMetadata()
                  .withSpec(job.getSpec().getTemplate().getSpec())
                  .build())
          .create();

      var logs = new Kubectl(sandbox).run("logs", "job/hook");
      assertThat(logs.stdout()).as(logs.toString()).isEqualTo("hook output from hook-abcde\n");
    }
  }

  @Test
  void secretStringDataIsStoredAsBase64Data() {
    try (Sandbox sandbox = Sandbox.start()) {
      sandbox
          .client()
          .secrets()
          .resource(
              new io.fabric8.kubernetes.api.model.SecretBuilder()
                  .withNewMetadata()
                  .withName("regcred")
                  .endMetadata()
                  .addToStringData("password", "s3cr3t")
                  .build())
          .create();
      var secret = sandbox.client().secrets().withName("regcred").get();
      assertThat(secret.getData()).containsEntry("password", "czNjcjN0");
      assertThat(secret.getStringData()).isNullOrEmpty();
      assertThat(secret.getType()).isEqualTo("Opaque");
    }
  }

  @Test
  void aJobsPodTemplateCannotChange() {
    try (Sandbox sandbox = Sandbox.start()) {
      sandbox.client().batch().v1().jobs().resource(TestObjects.job("hook")).create();
      assertThatThrownBy(
              () ->
                  sandbox
                      .client()
                      .batch()
                      .v1()
                      .jobs()
                      .withName("hook")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"hook\",\"image\":\"other\"}]}}}}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getStatus().getMessage())
                    .startsWith("Job.batch \"hook\" is invalid: spec.template: Invalid value: ")
                    .endsWith(": field is immutable");
              });
    }
  }

  @Test
  void anObjectWithFinalizersIsOnlyMarkedUntilTheLastFinalizerGoes() {
    try (Sandbox sandbox = Sandbox.start()) {
      var maps = sandbox.client().configMaps();
      maps.resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("kept")
                  .addToFinalizers("dewy.dev/cleanup")
                  .endMetadata()
                  .build())
          .create();
      maps.withName("kept").delete();
      assertThat(maps.withName("kept").get().getMetadata().getDeletionTimestamp()).isNotBlank();

      maps.withName("kept")
          .edit(
              m -> {
                m.getMetadata().getFinalizers().clear();
                return m;
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> maps.withName("kept").get() == null);
    }
  }
}
