package dev.dewy.operator.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * Asking a registry failed. The kind tells the caller whether and when to try again; the message
 * tells the user what to fix, starting with the image or repository concerned.
 */
public final class RegistryException extends Exception {

  /** Why the registry could not be asked; each calls for a different reaction. */
  public enum Kind {
    /** No connection or no answer in time: transient, retry on the next poll. */
    UNREACHABLE,
    /** 401/403: the credentials are missing or wrong; retrying unchanged will not help. */
    UNAUTHORIZED,
    /** The repository does not exist (or is hidden from these credentials). */
    NOT_FOUND,
    /** 429: the registry asked us to wait until {@link #retryAfter()}. */
    RATE_LIMITED,
    /** The registry answered something this client does not understand. */
    PROTOCOL
  }

  private final Kind kind;
  private final Instant retryAfter;

  public RegistryException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public RegistryException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, cause);
  }

  private RegistryException(Kind kind, String message, Instant retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  /** A 429 answer: no request for this registry should go out before {@code retryAfter}. */
  public static RegistryException rateLimited(String message, Instant retryAfter) {
    return new RegistryException(Kind.RATE_LIMITED, message, retryAfter, null);
  }

  public Kind kind() {
    return kind;
  }

  /** When asking again makes sense; present only for {@link Kind#RATE_LIMITED}. */
  public Optional<Instant> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
