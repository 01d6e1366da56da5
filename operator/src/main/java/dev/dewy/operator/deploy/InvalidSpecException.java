package dev.dewy.operator.deploy;

/**
 * A spec value that can never work as written; the reconciler marks the resource Stalled with
 * reason InvalidSpec instead of retrying.
 */
public class InvalidSpecException extends RuntimeException {
  private final String field;

  /** The message reads {@code field: problem}, e.g. {@code spec.interval: "x" is not ...}. */
  public InvalidSpecException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  /** The spec path of the offending value, such as {@code spec.hooks.beforeDeploy.timeout}. */
  public String field() {
    return field;
  }
}
