package dev.dewy.operator.testing;

import dev.dewy.sandbox.testenv.ControlPlane;
import dev.dewy.sandbox.testenv.ControlPlaneExtension;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a fresh {@link OperatorHarness} per test on the JVM's control plane, put into
 * the test's {@code OperatorHarness} field before its own {@code @BeforeEach} methods run, and
 * closed after the test (which fails it if RBAC refused the operator anything).
 * {@code @RegisterExtension final OperatorExtension operator = OperatorExtension.standard();}
 */
public final class OperatorExtension implements BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(OperatorExtension.class);

  private final Function<ControlPlane, OperatorHarness> start;

  private OperatorExtension(Function<ControlPlane, OperatorHarness> start) {
    this.start = start;
  }

  /** The operator as the chart installs it by default. */
  public static OperatorExtension standard() {
    return new OperatorExtension(OperatorHarness::start);
  }

  /** Deployments created through the harness take {@code rolloutTime} to roll out. */
  public static OperatorExtension withRolloutTime(Duration rolloutTime) {
    return new OperatorExtension(plane -> OperatorHarness.startWithRolloutTime(plane, rolloutTime));
  }

  /** Finished hook Jobs are kept for {@code ttl}. */
  public static OperatorExtension withHookJobTtl(Duration ttl) {
    return new OperatorExtension(plane -> OperatorHarness.startWithHookJobTtl(plane, ttl));
  }

  /** Any other way to start the harness. */
  public static OperatorExtension startedBy(Function<ControlPlane, OperatorHarness> start) {
    return new OperatorExtension(start);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    OperatorHarness harness = start.apply(ControlPlaneExtension.shared(context));
    context.getStore(STORE).put(OperatorHarness.class, harness);
    Object test = context.getRequiredTestInstance();
    for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getType() == OperatorHarness.class && !Modifier.isStatic(field.getModifiers())) {
          field.setAccessible(true);
          field.set(test, harness);
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    OperatorHarness harness =
        context.getStore(STORE).remove(OperatorHarness.class, OperatorHarness.class);
    if (harness != null) {
      harness.close();
    }
  }
}
