package dev.dewy.operator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How much the operator logs: {@code --log-level}, else {@code DEWY_LOG_LEVEL}, else info. */
public enum LogLevel {
  DEBUG(Level.DEBUG),
  INFO(Level.INFO),
  WARN(Level.WARN),
  ERROR(Level.ERROR);

  /** The environment variable the chart sets from its value {@code logLevel}. */
  public static final String ENV = "DEWY_LOG_LEVEL";

  /** fabric8's client logs every request below WARN; it never goes lower. */
  private static final String CHATTY = "io.fabric8";

  private final Level level;

  LogLevel(Level level) {
    this.level = level;
  }

  /** Reads {@code value} in any case; {@code source} (the flag or variable) names a bad one. */
  static LogLevel parse(String source, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + ": \"" + value + "\" is not a log level (expected debug, info, warn or error)");
    }
  }

  /** Sets the level of every logger of the running logback. */
  public void apply() {
    apply((LoggerContext) LoggerFactory.getILoggerFactory());
  }

  /** Sets the root level of {@code context}; fabric8 stays at WARN unless this is stricter. */
  public void apply(LoggerContext context) {
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
    context.getLogger(CHATTY).setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
