package dev.dewy.operator.registry;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** A listed object of a bucket: its full key and when it was last written. */
  record StoredObject(String key, Instant modified) {}

  private PublishedVersions() {}

  /**
   * The versions of a bucket listing under {@code keyPrefix}, in listing order: each folder
   * PREFIX/VERSION/ holding files directly (deeper objects and objects beside the folders do not
   * count), appeared when its newest file was written.
   */
  static List<Candidate> folders(String keyPrefix, Iterable<StoredObject> objects) {
    Map<String, List<StoredObject>> versions = new LinkedHashMap<>();
    for (StoredObject object : objects) {
      String[] parts = object.key().substring(keyPrefix.length()).split("/", -1);
      if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
        versions.computeIfAbsent(parts[0], v -> new ArrayList<>()).add(object);
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    versions.forEach(
        (version, files) ->
            candidates.add(
                new Candidate(
                    version,
                    files.stream()
                        .map(o -> o.key().substring(o.key().lastIndexOf('/') + 1))
                        .toList(),
                    files.stream().map(StoredObject::modified).max(Instant::compareTo).get())));
    return candidates;
  }

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
