package dev.dewy.sandbox.testenv;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: the real control plane, started once per test JVM (on first use, stopped when
 * the test run ends), injected into {@link ControlPlane} parameters of test, lifecycle and
 * constructor methods; and {@link TestClusters}, which starts a sandbox or a namespace on it.
 */
public final class ControlPlaneExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ControlPlane.class || type == TestClusters.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.getParameter().getType() == TestClusters.class) {
      return new TestClusters(() -> shared(context));
    }
    return shared(context);
  }

  /** The JVM's control plane, started by the first test that asks for it. */
  public static ControlPlane shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(ControlPlane.class, key -> ControlPlane.start(), ControlPlane.class);
  }
}
