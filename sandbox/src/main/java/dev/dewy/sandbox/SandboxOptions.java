package dev.dewy.sandbox;

import dev.dewy.sandbox.controllers.ControllerOptions;
import dev.dewy.sandbox.controllers.Controllers;
import dev.dewy.sandbox.schema.SchemaAdmission;
import java.util.ArrayList;
import java.util.List;

/**
 * How a sandbox starts: port, CRD admission, pod log source and controllers to run. Custom
 * resources are checked against their CRD schema unless {@link #admission} says otherwise, as a
 * real server always checks them.
 */
public final class SandboxOptions {
  private int port;
  private CustomResourceAdmission admission = new SchemaAdmission();
  private PodLogs podLogs = PodLogs.NONE;
  private final List<SandboxController> controllers = new ArrayList<>();

  /** The API alone: schema admission on, no controllers, no pod logs. */
  public static SandboxOptions defaults() {
    return new SandboxOptions();
  }

  /**
   * A small cluster: the defaults plus the Job, kubelet and rollout stand-ins on {@link
   * ControllerOptions#defaults()}, their pod output served as {@code pods/log}.
   */
  public static SandboxOptions cluster() {
    return cluster(ControllerOptions.defaults());
  }

  /** A small cluster whose controllers run with {@code controllers}. */
  public static SandboxOptions cluster(ControllerOptions controllers) {
    return defaults()
        .podLogs(controllers.podLogs())
        .controller(client -> Controllers.start(client, controllers));
  }

  /** The port to bind on 127.0.0.1; 0 (the default) picks a free one. */
  public SandboxOptions port(int port) {
    this.port = port;
    return this;
  }

  /**
   * Replaces schema admission, e.g. with {@link CustomResourceAdmission#NONE} to store anything.
   */
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
