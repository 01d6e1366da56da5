package dev.dewy.operator.cli;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dewy.operator.api.v1alpha1.ApprovalPolicy;
import dev.dewy.operator.api.v1alpha1.DeployResult;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HistoryEntry;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HooksStatus;
import dev.dewy.operator.api.v1alpha1.Phase;
import dev.dewy.operator.deploy.Labels;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kubectl dewy}: the kubectl plugin for DewyDeployments. {@code bin/kubectl-dewy} runs this
 * class from the operator's jar; kubectl finds that script on the PATH.
 */
@Command(
    name = "kubectl dewy",
    mixinStandardHelpOptions = true,
    versionProvider = KubectlDewy.Version.class,
    description = "Reads and steers DewyDeployments: their status, history and hook output.",
    subcommands = {
      KubectlDewy.Status.class,
      KubectlDewy.History.class,
      KubectlDewy.Logs.class,
      KubectlDewy.Approve.class,
      KubectlDewy.Retry.class,
      KubectlDewy.Suspend.class,
      KubectlDewy.Resume.class,
      KubectlDewy.Rollback.class,
      CommandLine.HelpCommand.class
    })
public final class KubectlDewy implements Runnable {
  static final String KIND = "dewydeployment.dewy.dev";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    // The plugin says what went wrong itself; the operator's JSON log lines are not for people.
    ((LoggerContext) LoggerFactory.getILoggerFactory()).reset();
    System.exit(run(Clock.systemUTC(), args));
  }

  /** Runs one command line; returns the exit code: 0 done, 1 refused or failed, 2 bad usage. */
  static int run(Clock clock, String... args) {
    CommandLine line = new CommandLine(new KubectlDewy(), new Factory(clock));
    line.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          commandLine.getErr().println(errorText(e));
          commandLine.getErr().flush();
          return 1;
        });
    int exitCode = line.execute(args);
    line.getOut().flush();
    line.getErr().flush();
    return exitCode;
  }

  /** kubectl's wording: the server's refusal with its reason, or our own "error: ...". */
  static String errorText(Exception e) {
    if (e instanceof KubernetesClientException k && k.getStatus() != null && k.getCode() > 0) {
      String reason = k.getStatus().getReason();
      return "Error from server"
          + (reason == null ? "" : " (" + reason + ")")
          + ": "
          + k.getStatus().getMessage();
    }
    return "error: " + e.getMessage();
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Gives every subcommand the clock, so tests can print ages from a fixed instant. */
  private record Factory(Clock clock) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      K made = CommandLine.defaultFactory().create(type);
      if (made instanceof Base base) {
        base.clock = clock;
      }
      return made;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {ClusterOptions.USER_AGENT.replace('/', ' ')};
    }
  }

  /** What the subcommands share: the cluster flags, output, and reading one resource. */
  abstract static class Base implements Callable<Integer> {
    @Mixin ClusterOptions cluster;
    @Spec CommandSpec spec;
    Clock clock = Clock.systemUTC();

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public final Integer call() {
      try (KubernetesClient client = cluster.client()) {
        try {
          return call(client, cluster.namespace(client));
        } catch (KubernetesClientException e) {
          if (e.getCode() > 0) {
            throw e;
          }
          throw new CliException(
              "cannot reach the API server at " + client.getMasterUrl() + ": " + rootCause(e));
        }
      }
    }

    abstract int call(KubernetesClient client, String namespace);

    static Resource<DewyDeployment> resource(
        KubernetesClient client, String namespace, String name) {
      return client.resources(DewyDeployment.class).inNamespace(namespace).withName(name);
    }

    static DewyDeployment get(KubernetesClient client, String namespace, String name) {
      DewyDeployment found = resource(client, namespace, name).get();
      if (found == null) {
        throw new CliException(
            "dewydeployments.dewy.dev \"" + name + "\" not found in namespace " + namespace);
      }
      return found;
    }

    /** A JSON merge patch, e.g. {@code {"spec":{"suspend":true}}}, of one the caller has read. */
    static DewyDeployment mergePatch(
        KubernetesClient client, String namespace, String name, ObjectNode patch) {
      return resource(client, namespace, name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }
  }

  /** A subcommand acting on one DewyDeployment named by its first argument. */
  abstract static class Named extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "The DewyDeployment.")
    String name;
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Lists DewyDeployments: Ready and its reason, the version running, the newest one"
            + " the registry offers, and the phase of the deploy.",
        "With NAME, one DewyDeployment and each of its conditions with its message."
      })
  static final class Status extends Base {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this one.")
    String name;

    @Option(
        names = {"-A", "--all-namespaces"},
        description = "Every namespace's DewyDeployments.")
    boolean allNamespaces;

    @Override
    int call(KubernetesClient client, String namespace) {
      if (name != null && allNamespaces) {
        throw new CliException("a NAME cannot be given with --all-namespaces");
      }
      List<DewyDeployment> found;
      if (name != null) {
        found = List.of(get(client, namespace, name));
      } else if (allNamespaces) {
        found = client.resources(DewyDeployment.class).inAnyNamespace().list().getItems();
      } else {
        found = client.resources(DewyDeployment.class).inNamespace(namespace).list().getItems();
      }
      if (found.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                allNamespaces
                    ? "No resources found"
                    : "No resources found in " + namespace + " namespace.");
        return 0;
      }
      List<DewyDeployment> sorted = new ArrayList<>(found);
      sorted.sort(
          Comparator.comparing((DewyDeployment d) -> d.getMetadata().getNamespace())
              .thenComparing(d -> d.getMetadata().getName()));
      out().print(Views.status(sorted, allNamespaces, clock.instant()));
      if (name != null) {
        out().println();
        out().print(Views.conditions(found.get(0)));
      }
      return 0;
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description =
          "The deploys of one DewyDeployment, newest first, as its status records them: the"
              + " version, the one before it, how it ended, the hooks' exit codes, how long it"
              + " took.")
  static final class History extends Named {
    @Override
    int call(KubernetesClient client, String namespace) {
      DewyDeployment found = get(client, namespace, name);
      if (Views.status(found).getHistory().isEmpty()) {
        spec.commandLine().getErr().println("No deploys recorded for " + KIND + "/" + name + ".");
        return 0;
      }
      out().print(Views.history(found, clock.instant()));
      return 0;
    }
  }

  /** Which recorded hook {@code logs} prints. */
  enum HookChoice {
    before,
    after
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description =
          "The output of the last hook runs, as recorded in status: the command, stdout and"
              + " stderr, the exit code and duration. It stays readable after the Job is gone.")
  static final class Logs extends Named {
    @Option(
        names = "--hook",
        paramLabel = "before|after",
        description = "Only the before-deploy or the after-deploy hook; by default both.")
    HookChoice hook;

    @Override
    int call(KubernetesClient client, String namespace) {
      HooksStatus hooks = Views.status(get(client, namespace, name)).getHooks();
      HookResult before = hooks == null ? null : hooks.getBeforeDeploy();
      HookResult after = hooks == null ? null : hooks.getAfterDeploy();
      List<String> printed = new ArrayList<>();
      if (hook != HookChoice.after && before != null) {
        printed.add(Views.hookLog("beforeDeploy", before));
      }
      if (hook != HookChoice.before && after != null) {
        printed.add(Views.hookLog("afterDeploy", after));
      }
      if (printed.isEmpty()) {
        String which =
            hook == null
                ? "hook"
                : (hook == HookChoice.before ? "beforeDeploy" : "afterDeploy") + " hook";
        throw new CliException(
            KIND + "/" + name + " has no recorded " + which + " run yet (status.hooks is empty)");
      }
      out().print(String.join("\n", printed));
      return 0;
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Approves VERSION (spec.approval: manual) by setting the annotation "
            + Labels.APPROVE
            + "; the operator then starts its attempt: before-deploy hook, update, after-deploy"
            + " hook.",
        "Refused here when another version awaits approval. When none does, VERSION is approved"
            + " ahead: it deploys as soon as it is the newest."
      })
  static final class Approve extends Named {
    @Parameters(index = "1", paramLabel = "VERSION", description = "The version to approve.")
    String version;

    @Override
    int call(KubernetesClient client, String namespace) {
      DewyDeployment found = get(client, namespace, name);
      if (found.getSpec() == null || found.getSpec().getApproval() != ApprovalPolicy.manual) {
        throw new CliException(
            KIND
                + "/"
                + name
                + " deploys without approval (spec.approval is not manual); nothing to approve");
      }
      var status = Views.status(found);
      String waiting =
          status.getPhase() == Phase.AwaitingApproval && status.getRollout() != null
              ? status.getRollout().getVersion()
              : null;
      if (waiting != null && !waiting.equals(version)) {
        throw new CliException(
            "%s/%s awaits approval of %s, not %s (to deploy %s instead, pin it: kubectl dewy"
                    .formatted(KIND, name, waiting, version, version)
                + " rollback %s %s)".formatted(name, version));
      }
      ObjectNode patch = JSON.createObjectNode();
      patch.putObject("metadata").putObject("annotations").put(Labels.APPROVE, version);
      mergePatch(client, namespace, name, patch);
      out()
          .println(
              waiting != null
                  ? KIND + "/" + name + " " + version + " approved"
                  : KIND
                      + "/"
                      + name
                      + " "
                      + version
                      + " approved ahead (nothing awaits approval now)");
      return 0;
    }
  }

  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description =
          "Retries a failed deploy now instead of after its back-off, by giving the annotation "
              + Labels.RETRY
              + " a new value; the operator starts a new attempt, hooks included.")
  static final class Retry extends Named {
    @Override
    int call(KubernetesClient client, String namespace) {
      get(client, namespace, name);
      ObjectNode patch = JSON.createObjectNode();
      patch
          .putObject("metadata")
          .putObject("annotations")
          .put(Labels.RETRY, clock.instant().toString());
      mergePatch(client, namespace, name, patch);
      out().println(KIND + "/" + name + " retry requested");
      return 0;
    }
  }

  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description =
          "Sets spec.suspend: the operator stops polling and deploying; a deploy under way"
              + " finishes first.")
  static final class Suspend extends Named {
    @Override
    int call(KubernetesClient client, String namespace) {
      return setSuspend(this, client, namespace, true, "suspended");
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Clears spec.suspend: the operator polls and deploys again.")
  static final class Resume extends Named {
    @Override
    int call(KubernetesClient client, String namespace) {
      return setSuspend(this, client, namespace, false, "resumed");
    }
  }

  private static int setSuspend(
      Named command, KubernetesClient client, String namespace, boolean suspend, String done) {
    DewyDeployment found = Base.get(client, namespace, command.name);
    boolean now = Boolean.TRUE.equals(found.getSpec().getSuspend());
    if (now == suspend) {
      command.out().println(KIND + "/" + command.name + " already " + done);
      return 0;
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").put("suspend", suspend);
    Base.mergePatch(client, namespace, command.name, patch);
    command.out().println(KIND + "/" + command.name + " " + done);
    return 0;
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description = {
        "Pins spec.version to VERSION, or to the version that ran before the current one"
            + " (from status.history). The operator deploys it like any version: hooks, rollout,"
            + " history.",
        "To follow the registry again, remove the pin:"
            + " kubectl patch dd NAME --type=merge -p '{\"spec\":{\"version\":null}}'"
      })
  static final class Rollback extends Named {
    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "VERSION",
        description = "The version to pin; by default the one before the current.")
    String version;

    @Override
    int call(KubernetesClient client, String namespace) {
      DewyDeployment found = get(client, namespace, name);
      String target = version == null ? previousVersion(found) : version;
      ObjectNode patch = JSON.createObjectNode();
      patch.putObject("spec").put("version", target);
      mergePatch(client, namespace, name, patch);
      out().println(KIND + "/" + name + " pinned to " + target + " (spec.version)");
      return 0;
    }

    /** The version the current one replaced, from the deploy that brought the current one. */
    private String previousVersion(DewyDeployment found) {
      String current = Views.status(found).getCurrentVersion();
      if (current == null) {
        throw new CliException(
            KIND
                + "/"
                + name
                + " has no current version yet; name one: kubectl dewy rollback "
                + name
                + " VERSION");
      }
      return Views.status(found).getHistory().stream()
          .filter(e -> e.getResult() == DeployResult.Succeeded && current.equals(e.getVersion()))
          .map(HistoryEntry::getPreviousVersion)
          .filter(Objects::nonNull)
          .findFirst()
          .orElseThrow(
              () ->
                  new CliException(
                      "status.history of "
                          + KIND
                          + "/"
                          + name
                          + " does not say what ran before "
                          + current
                          + "; name the version: kubectl dewy rollback "
                          + name
                          + " VERSION"));
    }
  }
}
