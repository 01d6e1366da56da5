package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.Condition;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.notify.EventType;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A template changed by someone else, pass by pass without a server: seen once (one API read for
 * managedFields, one event, one notification), held when older, resumed by the annotation or a pin,
 * redeployed under spec.onManualChange: redeploy, and quiet again when put back.
 */
class ManualChangeTest {

  /** "web" deployed from v1.0.0 to v1.1.0 by the operator. */
  private static MachineFixture deployed(String extra) {
    MachineFixture f = MachineFixture.of(extra);
    f.newest = "v1.1.0";
    f.pass();
    f.rolledOut();
    f.pass();
    assertThat(f.stored.getStatus().getDeployedVersion()).isEqualTo("v1.1.0");
    return f;
  }

  /** Someone sets the image, as kubectl set image does: managedFields name them as its owner. */
  private static void setImage(MachineFixture f, String version, String manager) {
    f.workload()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setImage(MachineFixture.REGISTRY + ":" + version);
    FieldsV1 fields = imageFields();
    f.workload()
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager(manager)
                    .withOperation("Update")
                    .withTime("2026-12-01T10:05:00Z")
                    .withFieldsV1(fields)
                    .build()));
    f.rolledOut();
  }

  /** managedFields naming the target container's image. */
  private static FieldsV1 imageFields() {
    Map<String, Object> image =
        Map.of(
            "f:spec",
            Map.of(
                "f:template",
                Map.of(
                    "f:spec",
                    Map.of(
                        "f:containers",
                        Map.of("k:{\"name\":\"app\"}", Map.of("f:image", Map.of()))))));
    FieldsV1 fields = new FieldsV1();
    image.forEach(fields::setAdditionalProperty);
    return fields;
  }

  /** "web" being deployed from v1.0.0 to v1.1.0: updated at 10:00:00, rolling out. */
  private static MachineFixture rollingOut(String extra) {
    MachineFixture f = MachineFixture.of(extra);
    f.newest = "v1.1.0";
    f.pass();
    f.workload().getStatus().setAvailableReplicas(0);
    f.workload().getStatus().setObservedGeneration(f.workload().getMetadata().getGeneration());
    f.pass();
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Updating);
    return f;
  }

  @Test
  void aRollbackByHandDuringTheRolloutEndsTheAttemptAndHoldsInsteadOfBeingUndone() {
    MachineFixture f = rollingOut("");
    f.now = f.now.plus(Duration.ofMinutes(5));
    setImage(f, "v1.0.0", "kubectl-rollout");

    var interrupted = f.pass();

    assertThat(interrupted.writes()).as("not patched back").containsExactly("status Idle");
    assertThat(f.image()).endsWith(":v1.0.0");
    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getRollout()).isNull();
    assertThat(s.getHistory().get(0).getResult()).isEqualTo(DeployResult.Interrupted);
    assertThat(s.getHistory().get(0).getMessage())
        .isEqualTo(
            "the deploy of v1.1.0 was interrupted: Deployment \"web\" runs v1.0.0 (image"
                + " registry.example.com/shop/web:v1.0.0), set by kubectl-rollout; dewy-operator"
                + " deployed v1.1.0");
    assertThat(s.getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(s.getDeployedVersion()).isEqualTo("v1.1.0");
    assertThat(ready(f)).isEqualTo("False/HeldAfterManualChange");
    assertThat(condition(f, "Drifted").orElseThrow().getReason()).isEqualTo("ManualChange");
    assertThat(condition(f, "Reconciling")).isEmpty();
    assertThat(interrupted.notified()).containsExactly(EventType.MANUAL_CHANGE);
    assertThat(f.pass().writes()).as("held at rest").isEmpty();
  }

  @Test
  void underRedeployAChangeDuringTheRolloutIsDeployedOverInANewAttempt() {
    MachineFixture f = rollingOut("onManualChange: redeploy");
    f.now = f.now.plus(Duration.ofMinutes(5));
    setImage(f, "v1.0.0", "kubectl-set");

    f.pass();

    DewyDeploymentStatus s = f.stored.getStatus();
    assertThat(s.getHistory().get(0).getResult()).isEqualTo(DeployResult.Interrupted);
    assertThat(s.getRollout().getVersion()).isEqualTo("v1.1.0");
    assertThat(s.getRollout().getAttempt()).as("Jobs of its own").isEqualTo(2);
    assertThat(f.image()).endsWith(":v1.1.0");
  }

  @Test
  void aTemplateNotYetPatchedWhenTheOperatorStoppedIsPatchedNotTakenForAChange() {
    MachineFixture f = rollingOut("");
    // as if the operator had stopped after recording Updating and before its patch: the image is
    // back at v1.0.0, owned by whoever set it before the update began
    f.workload()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .setImage(MachineFixture.REGISTRY + ":v1.0.0");
    f.workload().getSpec().getTemplate().getMetadata().getAnnotations().remove("dewy.dev/version");
    f.workload()
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubectl-client-side-apply")
                    .withOperation("Update")
                    .withTime("2026-12-01T09:00:00Z")
                    .withFieldsV1(imageFields())
                    .build()));

    var resumed = f.pass();

    assertThat(resumed.writes()).contains("patch Deployment/web");
    assertThat(f.image()).endsWith(":v1.1.0");
    assertThat(f.stored.getStatus().getPhase()).isEqualTo(Phase.Updating);
  }

  private static Optional<Condition> condition(MachineFixture f, String type) {
    return Conditions.find(f.stored.getStatus().getConditions(), type);
  }

  private static String ready(MachineFixture f) {
    return condition(f, "Ready").map(c -> c.getStatus() + "/" + c.getReason()).orElse("none");
  }

  @Test
  void anOlderVersionSetBySomeoneElseIsReportedOnceAndHoldsDeploys() {
    MachineFixture f = deployed("");
    setImage(f, "v1.0.0", "kubectl-set");

    var seen = f.pass();

    assertThat(f.stored.getStatus().getCurrentVersion()).isEqualTo("v1.0.0");
    assertThat(condition(f, "Drifted").orElseThrow())
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly(
            "True",
            "ManualChange",
            "Deployment \"web\" runs v1.0.0 (image registry.example.com/shop/web:v1.0.0), set by"
                + " kubectl-set; dewy-operator deployed v1.1.0");
    assertThat(ready(f)).isEqualTo("False/HeldAfterManualChange");
    assertThat(f.stored.getStatus().getManualChange().getChangedAt())
        .isEqualTo("2026-12-01T10:05:00Z");
    assertThat(seen.events())
        .singleElement()
        .asString()
        .startsWith("Warning ManualChange: Deployment \"web\" runs v1.0.0")
        .contains("deploys are held");
    assertThat(seen.notified()).containsExactly(EventType.MANUAL_CHANGE);
    assertThat(seen.writes()).containsExactly("status Idle");
    assertThat(f.cluster.workloadReads).containsExactly("Deployment/web");

    var again = f.pass();
    assertThat(again.writes()).as("a hold at rest writes nothing").isEmpty();
    assertThat(again.events()).isEmpty();
    assertThat(f.cluster.workloadReads).as("managedFields are read once per change").hasSize(1);
    assertThat(f.image()).endsWith(":v1.0.0");
  }

  @Test
  void theRegistryIsStillReadWhileHeldSoLatestVersionTellsWhatWaits() {
    MachineFixture f = deployed("");
    setImage(f, "v1.0.0", "kubectl-set");
    f.pass();

    f.newest = "v1.2.0";
    var polled = f.pass();

    assertThat(f.stored.getStatus().getLatestVersion()).isEqualTo("v1.2.0");
    assertThat(ready(f)).isEqualTo("False/HeldAfterManualChange");
    assertThat(polled.writes()).containsExactly("status Idle");
    assertThat(f.image()).as("still held: nothing deployed").endsWith(":v1.0.0");

    f.registryFailure = new BlockedException(Reasons.REGISTRY_ERROR, "registry down");
    assertThat(f.pass().writes()).as("a registry error does not end the hold").isEmpty();
    assertThat(ready(f)).isEqualTo("False/HeldAfterManualChange");
  }

  @Test
  void aNewValueOfTheResumeAnnotationEndsTheHoldAndDeploysTheNewest() {
    MachineFixture f = deployed("");
    setImage(f, "v1.0.0", "kubectl-rollout");
    f.pass();

    f.stored.getMetadata().setAnnotations(new HashMap<>(Map.of(Labels.RESUME, "now")));
    var resumed = f.pass();

    assertThat(resumed.events())
        .extracting(e -> e.substring(0, e.indexOf(':')))
        .containsExactly("Normal Resumed", "Normal DeployStarted");
    assertThat(f.stored.getStatus().getAcknowledgedResume()).isEqualTo("now");
    assertThat(condition(f, "Drifted")).isEmpty();
    assertThat(f.image()).endsWith(":v1.1.0");
    assertThat(f.stored.getStatus().getRollout().getPreviousVersion()).isEqualTo("v1.0.0");
  }

  @Test
  void aPinSetWhileHeldEndsTheHold() {
    MachineFixture f = deployed("");
    setImage(f, "v1.0.0", "kubectl-set");
    f.pass();
    f.newest = "v1.0.0";
    f.stored.getSpec().setVersion("v1.0.0");

    var pinned = f.pass();

    assertThat(pinned.events())
        .singleElement()
        .asString()
        .startsWith("Normal Resumed: resumed by spec.version");
    assertThat(ready(f)).isEqualTo("True/UpToDate");
    assertThat(f.stored.getStatus().getDeployedVersion()).isEqualTo("v1.0.0");
  }

  @Test
  void theRedeployPolicyDeploysTheNewestAgain() {
    MachineFixture f = deployed("onManualChange: redeploy");
    setImage(f, "v1.0.0", "kubectl-set");

    var pass = f.pass();

    assertThat(pass.events())
        .extracting(e -> e.substring(0, e.indexOf(':')))
        .containsExactly("Warning ManualChange", "Normal DeployStarted");
    assertThat(pass.events().get(0))
        .endsWith("the newest version is deployed again (spec.onManualChange: redeploy)");
    assertThat(f.image()).endsWith(":v1.1.0");
    f.rolledOut();
    f.pass();
    assertThat(condition(f, "Drifted")).isEmpty();
    assertThat(f.stored.getStatus().getManualChange()).isNull();
  }

  @Test
  void theDeployedVersionPutBackEndsTheDriftQuietly() {
    MachineFixture f = deployed("");
    setImage(f, "v1.0.0", "kubectl-set");
    f.pass();
    setImage(f, "v1.1.0", "kubectl-set");

    var back = f.pass();

    assertThat(back.events()).isEmpty();
    assertThat(condition(f, "Drifted")).isEmpty();
    assertThat(ready(f)).isEqualTo("True/UpToDate");
  }

  @Test
  void aNewerVersionSetBySomeoneElseIsReportedButNeitherHeldNorUndone() {
    MachineFixture f = deployed("");
    setImage(f, "v1.2.0", "kubectl-set");

    var pass = f.pass();

    assertThat(pass.events())
        .first()
        .asString()
        .endsWith("it is newer than that, so nothing is held");
    assertThat(ready(f)).isEqualTo("True/NewerThanRegistry");
    assertThat(condition(f, "Drifted").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(f.image()).endsWith(":v1.2.0");
  }

  @Test
  void aTemplateTheOperatorWroteItselfIsNoManualChange() {
    // as an older operator left it after a failed rollout: its status still named the old version
    MachineFixture f = deployed("");
    f.stored.getStatus().setDeployedVersion("v1.0.0");
    setImage(f, "v1.1.0", "dewy-operator");

    var pass = f.pass();

    assertThat(pass.events()).isEmpty();
    assertThat(condition(f, "Drifted")).isEmpty();
    assertThat(f.stored.getStatus().getDeployedVersion()).isEqualTo("v1.1.0");
    assertThat(ready(f)).isEqualTo("True/UpToDate");
  }

  @Test
  void leavingTheVolumeForTheImageIsNoManualChange() {
    // v1.1.0 deployed into volume "app", while the container's image says "stable"
    MachineFixture f = MachineFixture.volume("");
    f.newest = "v1.1.0";
    f.pass();
    f.rolledOut();
    f.pass();
    assertThat(f.stored.getStatus().getDeployedVersion()).isEqualTo("v1.1.0");
    assertThat(f.stored.getStatus().getDeployedInto()).isEqualTo("volume:app");
    f.stored.getSpec().setRegistry("img://" + MachineFixture.REGISTRY);
    f.stored.getSpec().getTarget().setVolume(null);
    f.newest = "v2.0.0";

    var pass = f.pass();

    assertThat(pass.events())
        .extracting(Object::toString)
        .noneMatch(e -> e.contains("ManualChange"));
    assertThat(condition(f, "Drifted")).isEmpty();
    assertThat(f.artifact()).as("the fetch went with the volume").isEmpty();
    assertThat(f.image()).endsWith(":v2.0.0");
    f.rolledOut();
    f.pass();
    assertThat(f.stored.getStatus().getDeployedVersion()).isEqualTo("v2.0.0");
    assertThat(f.stored.getStatus().getDeployedInto()).isEqualTo("image");
    assertThat(ready(f)).isEqualTo("True/UpToDate");
  }
}
