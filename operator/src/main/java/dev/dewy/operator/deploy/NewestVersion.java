package dev.dewy.operator.deploy;

import dev.dewy.operator.version.Selection;

/** Step 1's question to the registry ({@link VersionPoller}; a fixed answer in unit tests). */
interface NewestVersion {
  /** The newest version under the policy; {@link BlockedException} when there is none to tell. */
  Selection.Found newest(Observation o);
}
