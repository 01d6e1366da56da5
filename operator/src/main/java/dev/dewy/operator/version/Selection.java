package dev.dewy.operator.version;

import java.util.Optional;

/** What the selector chose from a registry's tags: a version, or why none qualifies. */
public sealed interface Selection {

  /** The chosen version and the tag the registry listed it under. */
  record Found(String tag, Version version) implements Selection {}

  /** No tag qualifies; the reason says how many tags were seen and what excluded them. */
  record NoMatch(String reason) implements Selection {}

  default Optional<Found> found() {
    return this instanceof Found found ? Optional.of(found) : Optional.empty();
  }
}
