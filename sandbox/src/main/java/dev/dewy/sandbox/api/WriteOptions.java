package dev.dewy.sandbox.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What a write request asks besides its body ({@code ?dryRun=All}, {@code ?fieldValidation=},
 * whether it is a PATCH), and the warnings the write collects for the response's {@code Warning}
 * headers.
 */
public record WriteOptions(
    boolean dryRun, String fieldValidation, boolean patch, List<String> warnings) {

  /** A plain write: stored, with the server's default field validation. */
  public static WriteOptions plain() {
    return of(false, null);
  }

  public static WriteOptions of(boolean dryRun, String fieldValidation) {
    return new WriteOptions(dryRun, fieldValidation, false, new ArrayList<>());
  }

  /** The same request as a PATCH, collecting into the same warnings. */
  public WriteOptions asPatch() {
    return new WriteOptions(dryRun, fieldValidation, true, warnings);
  }
}
