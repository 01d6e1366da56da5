package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Secrets of one pass: each is read from the API once, however many parts of the flow (the
 * registry's credentials, the notifier, redaction of hook output) ask for it.
 */
final class Secrets {
  private final Function<String, Optional<Secret>> reader;
  private final Map<String, Optional<Secret>> read = new HashMap<>();

  Secrets(Function<String, Optional<Secret>> reader) {
    this.reader = reader;
  }

  Optional<Secret> get(String name) {
    return read.computeIfAbsent(name, reader);
  }
}
