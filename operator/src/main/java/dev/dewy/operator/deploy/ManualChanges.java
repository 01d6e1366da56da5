package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.ManualChange;
import dev.dewy.operator.api.v1alpha1.ManualChangePolicy;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.api.v1alpha1.RolloutState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Between deploys: whether the template still runs what dewy-operator deployed, and if not, who
 * changed it and whether deploys hold. A change to an older version (or to something that is not a
 * version) holds under spec.onManualChange: hold, so a manual rollback is not undone at the next
 * poll; a newer one never holds (the no-downgrade rule then keeps it). The field manager is read
 * from the API once per change, since the caches drop managedFields.
 */
final class ManualChanges {
  private ManualChanges() {}

  /**
   * The version the template is expected to run: what the operator last set, else (a status of an
   * older operator) its currentVersion, else, at the first look, what runs. A version deployed into
   * another place (the image before spec.target.volume was set, or the volume before it was
   * removed) says nothing about this one: then, as at the first look, what runs is the start.
   */
  static String deployed(DewyDeploymentStatus s, String running, String into) {
    if (s.getDeployedInto() != null && !s.getDeployedInto().equals(into)) {
      return running;
    }
    if (s.getDeployedVersion() != null) {
      return s.getDeployedVersion();
    }
    return s.getCurrentVersion() != null ? s.getCurrentVersion() : running;
  }

  /** What the template's state says before the registry is asked; empty: go on polling. */
  static Optional<Outcome> decide(Observation o, DewyDeploymentStatus s) {
    String running = o.running();
    String deployed = deployed(s, running, deployedInto(o));
    ManualChange known = s.getManualChange();
    String resume = annotation(o, Labels.RESUME);
    if (resume != null && !resume.equals(s.getAcknowledgedResume())) {
      return Optional.of(new Outcome.ManualChangeEnded("the annotation " + Labels.RESUME));
    }
    String pin = o.resource().getSpec().getVersion();
    if (known != null
        && Boolean.TRUE.equals(known.getHeld())
        && pin != null
        && !pin.isBlank()
        && !pin.equals(known.getSpecVersion())) {
      return Optional.of(new Outcome.ManualChangeEnded("spec.version"));
    }
    if (Objects.equals(running, deployed) || Versions.same(o.spec().policy(), running, deployed)) {
      return known == null ? Optional.empty() : Optional.of(new Outcome.ManualChangeEnded(null));
    }
    boolean held =
        o.resource().getSpec().getOnManualChange() != ManualChangePolicy.redeploy
            && !Versions.newer(o.spec().policy(), running, deployed);
    if (known == null || !Objects.equals(known.getVersion(), running)) {
      ManualChange change = seen(o, running, held);
      // a template the operator itself wrote (as an older operator's failed rollout left it,
      // which its status did not count) is no one else's change
      return WorkloadUpdater.FIELD_MANAGER.equals(change.getManager())
          ? Optional.of(new Outcome.ManualChangeEnded(null))
          : Optional.of(new Outcome.ManualChangeSeen(change, deployed));
    }
    return held ? Optional.of(new Outcome.Held(known, deployed)) : Optional.empty();
  }

  private static ManualChange seen(Observation o, String running, boolean held) {
    return seen(o, running, held, imageOwner(o));
  }

  /**
   * During a rollout: the template no longer carries the attempt's image, and managedFields say
   * that someone other than dewy-operator set it after the update began ({@code kubectl set image},
   * {@code kubectl rollout undo}). Then the deploy is over, and what follows is decided as for any
   * manual change, so a rollback by hand is not undone by the operator re-applying its patch. Read
   * only when the pass began in phase Updating with the template not as the attempt set it, which a
   * normal rollout never shows.
   */
  static Optional<ManualChange> duringDeploy(Observation o, RolloutState attempt) {
    var stored = o.resource().getStatus();
    if (WorkloadUpdater.volume(o).isPresent()
        || attempt.getUpdatedAt() == null
        || stored == null
        || stored.getPhase() != Phase.Updating
        || !sameAttempt(stored.getRollout(), attempt)) {
      return Optional.empty();
    }
    Optional<ImageOwner> owner = imageOwner(o);
    boolean someoneElseSince =
        owner
            .filter(w -> !WorkloadUpdater.FIELD_MANAGER.equals(w.manager()) && w.time() != null)
            .map(w -> !Instant.parse(w.time()).isBefore(Instant.parse(attempt.getUpdatedAt())))
            .orElse(false);
    if (!someoneElseSince) {
      return Optional.empty();
    }
    String running = o.running();
    boolean held =
        o.resource().getSpec().getOnManualChange() != ManualChangePolicy.redeploy
            && !Versions.newer(o.spec().policy(), running, attempt.getVersion());
    return Optional.of(seen(o, running, held, owner));
  }

  /** Whether the pass began in this very attempt (not one it started since). */
  private static boolean sameAttempt(RolloutState stored, RolloutState attempt) {
    return stored != null
        && Objects.equals(stored.getVersion(), attempt.getVersion())
        && Objects.equals(stored.getAttempt(), attempt.getAttempt())
        && Objects.equals(stored.getDigest(), attempt.getDigest());
  }

  private static Optional<ImageOwner> imageOwner(Observation o) {
    return o.cluster()
        .read(o.workload().kind(), o.workload().name())
        .flatMap(w -> ImageOwner.of(w, o.container().getName()));
  }

  private static ManualChange seen(
      Observation o, String running, boolean held, Optional<ImageOwner> owner) {
    ManualChange change = new ManualChange();
    change.setVersion(running);
    change.setImage(o.container().getImage());
    owner.ifPresent(
        w -> {
          change.setManager(w.manager());
          change.setChangedAt(w.time());
        });
    change.setDetectedAt(o.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    change.setHeld(held ? Boolean.TRUE : null);
    String pin = o.resource().getSpec().getVersion();
    change.setSpecVersion(pin == null || pin.isBlank() ? null : pin);
    return change;
  }

  /** Where this spec deploys: {@code image}, or {@code volume:NAME} for spec.target.volume. */
  static String deployedInto(Observation o) {
    return WorkloadUpdater.volume(o).map(v -> "volume:" + v).orElse("image");
  }

  static String annotation(Observation o, String key) {
    var annotations = o.resource().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** {@code Deployment "web" runs v1.0.0, set by kubectl-set; dewy-operator deployed v1.1.0}. */
  static String describe(Observation o, ManualChange change, String deployed) {
    String who =
        change.getManager() == null
            ? "by someone else (managedFields name no field manager for the image)"
            : "by " + change.getManager();
    return "%s %s runs %s (image %s), set %s; dewy-operator deployed %s"
        .formatted(
            o.workload().kind(),
            quoted(o.workload().name()),
            StatusRecorder.describe(change.getVersion()),
            change.getImage(),
            who,
            StatusRecorder.describe(deployed));
  }

  /** How a hold ends, in the words of the Ready message. */
  static String howToResume(Observation o) {
    return ("deploys are held (spec.onManualChange: hold). To keep a version, set spec.version;"
            + " to deploy the newest again, give the annotation %s a new value: kubectl annotate"
            + " dd %s %s=\"$(date +%%s)\" --overwrite")
        .formatted(Labels.RESUME, o.name(), Labels.RESUME);
  }

  /** What follows from a change just seen, for its Event and notification. */
  static String consequence(Observation o, ManualChange change, String deployed) {
    if (Boolean.TRUE.equals(change.getHeld())) {
      return howToResume(o);
    }
    if (Versions.newer(o.spec().policy(), change.getVersion(), deployed)) {
      return "it is newer than that, so nothing is held";
    }
    return "the newest version is deployed again (spec.onManualChange: redeploy)";
  }

  private static String quoted(String name) {
    return "\"" + name + "\"";
  }
}
