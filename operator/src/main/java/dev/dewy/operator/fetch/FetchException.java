package dev.dewy.operator.fetch;

/** Why a fetch failed, in words the init container reports to the pod's status. */
public final class FetchException extends Exception {
  private final Failure failure;

  FetchException(Failure failure, String message) {
    super(failure.title + ": " + message);
    this.failure = failure;
  }

  FetchException(Failure failure, String message, Throwable cause) {
    super(failure.title + ": " + message, cause);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }

  /** The kinds of failure, each with the words that open its message. */
  public enum Failure {
    SOURCE("cannot read the release source"),
    NOT_FOUND("artifact not found"),
    TOO_LARGE("download over the size limit"),
    CHECKSUM_MISMATCH("checksum mismatch"),
    CORRUPT_ARCHIVE("corrupt archive"),
    UNSUPPORTED_ARCHIVE("unsupported artifact"),
    ESCAPING_ENTRY("archive entry escapes the target directory"),
    NO_EXECUTABLE("no executable in the artifact"),
    TARGET("cannot write the target directory");

    private final String title;

    Failure(String title) {
      this.title = title;
    }
  }
}
