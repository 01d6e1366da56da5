package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's own extension points: a pod log source and a custom resource admission in place of
 * the schema's. Sandbox only: kube-apiserver has neither, so there is nothing to compare.
 */
class SandboxOptionsIT {

  @Test
  void podLogsComeFromThePodLogsSource() {
    try (Sandbox sandbox =
        Sandbox.start(
            SandboxOptions.defaults()
                .podLogs(
                    (ns, pod, container) ->
                        Optional.of("hello from " + ns + "/" + pod + "/" + container + "\n")))) {
      sandbox.client().pods().resource(TestObjects.pod("hook")).create();
      assertThat(sandbox.client().pods().withName("hook").inContainer("hook").getLog())
          .isEqualTo("hello from default/hook/hook\n");
      var kubectl = new Kubectl(sandbox).run("logs", "hook", "-c", "hook");
      assertThat(kubectl.stdout())
          .as(kubectl.toString())
          .isEqualTo("hello from default/hook/hook\n");
    }
  }

  @Test
  void admissionSeesEachCustomResourceWriteAndItsAnswerIsStoredOrReturned() {
    List<String> seen = new CopyOnWriteArrayList<>();
    CustomResourceAdmission sizeAtLeastOne =
        request -> {
          seen.add(
              (request.statusWrite() ? "status " : "object ")
                  + request.version()
                  + " "
                  + request.crd().path("spec").path("names").path("kind").asText());
          ObjectNode object = request.object().deepCopy();
          if (object.path("spec").path("size").asInt() < 1) {
            throw new CustomResourceAdmission.Rejected(
                List.of(
                    "spec.size: must be at least 1 (got "
                        + object.path("spec").path("size")
                        + ")"));
          }
          object.withObject("/spec").put("color", object.path("spec").path("color").asText("grey"));
          return CustomResourceAdmission.Admitted.of(object);
        };
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().admission(sizeAtLeastOne))) {
      KubernetesClient other = sandbox.client();
      other.load(getClass().getResourceAsStream("/widget-crd.yaml")).create();
      other.load(getClass().getResourceAsStream("/widget.yaml")).create();
      var gizmo = other.genericKubernetesResources(TestObjects.WIDGETS).withName("gizmo");

      gizmo.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"color\":null}}");
      assertThat((Object) gizmo.get().get("spec", "color")).isEqualTo("grey");
      assertThatThrownBy(
              () -> gizmo.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":0}}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getStatus().getMessage())
                    .isEqualTo(
                        "Widget.test.dewy.dev \"gizmo\" is invalid: spec.size: must be at least 1 (got 0)");
              });
      gizmo
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Idle\"}}");
      assertThat(seen)
          .containsExactly(
              "object v1 Widget", "object v1 Widget", "object v1 Widget", "status v1 Widget");
    }
  }

  @Test
  void admissionCanAnswerWithItsOwnStatus() {
    CustomResourceAdmission strict =
        request -> {
          ObjectNode status = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
          status
              .put("kind", "Status")
              .put("apiVersion", "v1")
              .put("status", "Failure")
              .put("message", "strict decoding error: unknown field \"spec.colour\"")
              .put("reason", "BadRequest")
              .put("code", 400);
          throw new CustomResourceAdmission.Rejected(status);
        };
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().admission(strict))) {
      sandbox.client().load(getClass().getResourceAsStream("/widget-crd.yaml")).create();
      assertThatThrownBy(
              () -> sandbox.client().load(getClass().getResourceAsStream("/widget.yaml")).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(400);
                assertThat(e.getStatus().getMessage())
                    .isEqualTo("strict decoding error: unknown field \"spec.colour\"");
              });
    }
  }
}
