package dev.dewy.operator.notify;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of one DewyDeployment, as plain data handed over by the reconciler; every channel
 * renders it from these fields alone.
 */
public record Notification(
    EventType type,
    String namespace,
    String name,
    String version,
    String previousVersion,
    String registry,
    String message,
    HookOutcome hook,
    Instant time) {

  public Notification {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    version = version == null ? "" : version;
    previousVersion = previousVersion == null ? "" : previousVersion;
    registry = registry == null ? "" : registry;
    message = message == null ? "" : message;
    time = time == null ? Instant.now() : time;
  }

  public Severity severity() {
    return type.severity();
  }

  public Optional<HookOutcome> hookOutcome() {
    return Optional.ofNullable(hook);
  }

  /** "namespace/name", the way kubectl names the resource. */
  public String deploymentKey() {
    return namespace + "/" + name;
  }

  /** The same notification with another message, keeping everything else. */
  public Notification withMessage(String newMessage) {
    return new Notification(
        type, namespace, name, version, previousVersion, registry, newMessage, hook, time);
  }
}
