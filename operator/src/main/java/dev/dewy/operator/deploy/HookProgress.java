package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.HookResult;

/** Where a hook Job stands: still running, or finished with its result. */
sealed interface HookProgress {
  record Running() implements HookProgress {}

  /**
   * The hook's result; {@code reported} when it was recorded, logged, evented and notified before
   * (the operator restarted between recording it and moving on), so none is repeated.
   */
  record Finished(HookResult result, boolean reported) implements HookProgress {
    Finished(HookResult result) {
      this(result, false);
    }
  }
}
