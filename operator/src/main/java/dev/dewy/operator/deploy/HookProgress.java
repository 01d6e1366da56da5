package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookResult;

/** Where a hook Job stands: still running, or finished with its result. */
sealed interface HookProgress {
  record Running() implements HookProgress {}

  record Finished(HookResult result) implements HookProgress {}
}
