package dev.dewy.sandbox;

import java.util.ArrayList;
import java.util.List;

/** How a sandbox starts: port, CRD admission, pod log source and controllers to run. */
public final class SandboxOptions {
  private int port;
  private CustomResourceAdmission admission = CustomResourceAdmission.NONE;
  private PodLogs podLogs = PodLogs.NONE;
  private final List<SandboxController> controllers = new ArrayList<>();

  public static SandboxOptions defaults() {
    return new SandboxOptions();
  }

  /** The port to bind on 127.0.0.1; 0 (the default) picks a free one. */
  public SandboxOptions port(int port) {
    this.port = port;
    return this;
  }

  public SandboxOptions admission(CustomResourceAdmission admission) {
    this.admission = admission;
    return this;
  }

  public SandboxOptions podLogs(PodLogs podLogs) {
    this.podLogs = podLogs;
    return this;
  }

  public SandboxOptions controller(SandboxController controller) {
    controllers.add(controller);
    return this;
  }

  int port() {
    return port;
  }

  CustomResourceAdmission admission() {
    return admission;
  }

  PodLogs podLogs() {
    return podLogs;
  }

  List<SandboxController> controllers() {
    return List.copyOf(controllers);
  }
}
