package dev.dewy.operator.deploy;

import dev.dewy.operator.version.Selection;
import java.util.Optional;

/** Step 1's question to the registry ({@link VersionPoller}; a fixed answer in unit tests). */
interface NewestVersion {
  /** The newest version under the policy; {@link BlockedException} when there is none to tell. */
  Selection.Found newest(Observation o);

  /**
   * The manifest digest {@code tag} names now (img://, image deploys); empty where versions are not
   * images. {@link BlockedException} when the registry cannot say.
   */
  default Optional<String> digest(Observation o, String tag) {
    return Optional.empty();
  }
}
