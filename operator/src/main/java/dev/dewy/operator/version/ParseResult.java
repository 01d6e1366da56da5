package dev.dewy.operator.version;

import java.util.Optional;
import java.util.function.Function;

/** The outcome of reading a tag, format or constraint: a value, or the reason it was refused. */
public sealed interface ParseResult<T> {

  /** The text was read into a value. */
  record Parsed<T>(T value) implements ParseResult<T> {}

  /** The text was refused; the reason names the text, what was wrong and what would be right. */
  record Rejected<T>(String reason) implements ParseResult<T> {}

  static <T> ParseResult<T> parsed(T value) {
    return new Parsed<>(value);
  }

  static <T> ParseResult<T> rejected(String reason) {
    return new Rejected<>(reason);
  }

  default boolean isParsed() {
    return this instanceof Parsed;
  }

  default Optional<T> toOptional() {
    return this instanceof Parsed<T> parsed ? Optional.of(parsed.value()) : Optional.empty();
  }

  default Optional<String> rejectionReason() {
    return this instanceof Rejected<T> rejected ? Optional.of(rejected.reason()) : Optional.empty();
  }

  /** The value, or an IllegalArgumentException carrying the reason. */
  default T orElseThrow() {
    if (this instanceof Parsed<T> parsed) {
      return parsed.value();
    }
    throw new IllegalArgumentException(((Rejected<T>) this).reason());
  }

  default <R> ParseResult<R> map(Function<? super T, ? extends R> mapper) {
    if (this instanceof Parsed<T> parsed) {
      return parsed(mapper.apply(parsed.value()));
    }
    return rejected(((Rejected<T>) this).reason());
  }
}
