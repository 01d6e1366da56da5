package dev.dewy.sandbox.kubelet;

import dev.dewy.sandbox.image.ImageConfig;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's argv from its image, as Kubernetes composes it: {@code command} replaces the
 * image's ENTRYPOINT (and drops its CMD), {@code args} replaces CMD. {@code $(VAR)} is expanded in
 * command and args, never in what the image says.
 */
final class ContainerArgv {
  private ContainerArgv() {}

  static List<String> of(ImageConfig image, Container container, Map<String, String> env) {
    List<String> command = container.getCommand();
    List<String> args = container.getArgs();
    boolean hasCommand = command != null && !command.isEmpty();
    boolean hasArgs = args != null && !args.isEmpty();
    List<String> argv = new ArrayList<>();
    if (hasCommand) {
      command.forEach(arg -> argv.add(EnvExpansion.expand(arg, env)));
    } else {
      argv.addAll(image.entrypoint());
    }
    if (hasArgs) {
      args.forEach(arg -> argv.add(EnvExpansion.expand(arg, env)));
    } else if (!hasCommand) {
      argv.addAll(image.cmd());
    }
    return List.copyOf(argv);
  }
}
