package dev.dewy.operator.registry;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which listed versions count, for artifact registries: those whose artifact is published. A
 * version without it is left out; if no version has it and one has waited past {@link
 * #ARTIFACT_GRACE} since it appeared, that is an error that names the files there.
 */
final class PublishedVersions {
  /** Dewy's wait for an artifact still being uploaded before a version's absence is an error. */
  static final Duration ARTIFACT_GRACE = Duration.ofMinutes(30);

  /** One listed version: its file names and when it appeared (its newest file, its release). */
  record Candidate(String version, List<String> files, Instant appearedAt) {}

  private PublishedVersions() {}

  /** The versions of {@code candidates} that hold the artifact, in their order. */
  static List<String> select(
      String subject,
      List<Candidate> candidates,
      Optional<String> artifact,
      Platform platform,
      Instant now)
      throws RegistryException {
    List<String> published = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    List<String> overdue = new ArrayList<>();
    Instant graceStart = now.minus(ARTIFACT_GRACE);
    for (Candidate candidate : candidates) {
      if (ArtifactChoice.choose(candidate.files(), artifact, platform).isPresent()) {
        published.add(candidate.version());
      } else if (candidate.appearedAt().isBefore(graceStart)) {
        overdue.add(candidate.version() + " has " + candidate.files());
      } else {
        pending.add(candidate.version() + " has " + candidate.files());
      }
    }
    if (published.isEmpty() && !(overdue.isEmpty() && pending.isEmpty())) {
      String fix =
          artifact.isPresent()
              ? "correct artifact= to one of those names"
              : "name one of those files with artifact=";
      throw new RegistryException(
          RegistryException.Kind.NOT_FOUND,
          overdue.isEmpty()
              ? "%s: %s in any version yet (%s); waiting up to %d minutes for an upload in progress, else upload the artifact or %s"
                  .formatted(
                      subject,
                      ArtifactChoice.describe(artifact, platform),
                      String.join("; ", pending),
                      ARTIFACT_GRACE.toMinutes(),
                      fix)
              : "%s: %s in any version (%s); upload the artifact, or %s"
                  .formatted(
                      subject,
                      ArtifactChoice.describe(artifact, platform),
                      String.join("; ", overdue),
                      fix));
    }
    return published;
  }
}
