package dev.dewy.sandbox.api;

/**
 * What a write request asks besides its body: {@code ?dryRun=All} and {@code ?fieldValidation=}.
 */
public record WriteOptions(boolean dryRun, String fieldValidation) {
  /** A plain write: stored, with the server's default field validation. */
  public static final WriteOptions NONE = new WriteOptions(false, null);
}
