package dev.dewy.operator.registry;

/**
 * spec.registry cannot be used as written; retrying will not help, so the resource is Stalled until
 * the user edits it. The message starts with {@code spec.registry:} and names the fix.
 */
public final class RegistryUrlException extends IllegalArgumentException {
  public RegistryUrlException(String problem) {
    super("spec.registry: " + problem);
  }
}
