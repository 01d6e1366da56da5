package dev.dewy.operator;

import dev.dewy.operator.deploy.GoDuration;
import dev.dewy.operator.deploy.HookJobFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The operator's command line, parsed once at start-up; bad flags stop it with usage. */
public record OperatorOptions(
    Set<String> namespaces,
    int metricsPort,
    String leaderElectionNamespace,
    Duration hookJobTtl,
    LogLevel logLevel,
    boolean sandbox,
    boolean demo,
    boolean help) {

  /** Long enough for {@code kubectl logs job/...} while someone looks into a failure. */
  public static final Duration DEFAULT_HOOK_JOB_TTL =
      Duration.ofSeconds(HookJobFactory.TTL_SECONDS_AFTER_FINISHED);

  static final String USAGE =
      """
      Usage: java -jar dewy-operator.jar [options]
             java -jar dewy-operator.jar fetch --help   (the init container of volume deploys)

      Runs the dewy-operator against the cluster of the current kubeconfig (or the
      in-cluster service account).

        --namespace=NS                  watch DewyDeployments in NS only (repeatable;
                                        default: all namespaces)
        --metrics-port=PORT             serve /healthz, /readyz and /metrics on PORT
                                        (default 8080; 0 disables)
        --leader-election-namespace=NS  take the Lease "dewy-operator" in NS before acting,
                                        so only one replica deploys at a time
        --hook-job-ttl=DURATION         how long finished hook Jobs (and their pods' logs)
                                        are kept; results stay in status (default 1h)
        --log-level=LEVEL               debug, info, warn or error (default: the environment
                                        variable DEWY_LOG_LEVEL, else info)
        --sandbox                       run against an embedded Kubernetes API instead of a
                                        cluster (writes its kubeconfig to
                                        target/sandbox.kubeconfig)
        --demo                          --sandbox plus a registry with demo versions and the
                                        quick-start example, to watch a deploy happen
        --help                          print this text

      Usage: java -jar dewy-operator.jar publish HOST:PORT/REPOSITORY:TAG

      Pushes a tiny image as REPOSITORY:TAG to the registry at HOST:PORT (plain HTTP),
      to publish a version for the operator to find (publish --help for more).
      """;

  /** Parses the arguments alone; throws with a message naming the bad flag. */
  public static OperatorOptions parse(String... args) {
    return parse(Map.of(), args);
  }

  /**
   * Parses the arguments, with {@code env} for what a flag may be left to ({@value LogLevel#ENV});
   * a flag wins over the environment. Throws with a message naming the bad flag or variable.
   */
  public static OperatorOptions parse(Map<String, String> env, String... args) {
    List<String> namespaces = new ArrayList<>();
    int metricsPort = 8080;
    String leaderNamespace = null;
    Duration hookJobTtl = DEFAULT_HOOK_JOB_TTL;
    LogLevel logLevel = null;
    boolean sandbox = false;
    boolean demo = false;
    boolean help = false;
    for (String arg : args) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      switch (name) {
        case "--namespace" -> namespaces.add(required(name, value));
        case "--metrics-port" -> metricsPort = port(name, required(name, value));
        case "--leader-election-namespace" -> leaderNamespace = required(name, value);
        case "--hook-job-ttl" -> hookJobTtl = GoDuration.parse(required(name, value), name);
        case "--log-level" -> logLevel = LogLevel.parse(name, required(name, value));
        case "--sandbox" -> sandbox = flag(name, value);
        case "--demo" -> demo = flag(name, value);
        case "--help", "-h" -> help = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option \"" + arg + "\" (see --help for the options)");
      }
    }
    if (logLevel == null) {
      String fromEnv = env.get(LogLevel.ENV);
      logLevel =
          fromEnv == null || fromEnv.isBlank()
              ? LogLevel.INFO
              : LogLevel.parse(LogLevel.ENV, fromEnv);
    }
    return new OperatorOptions(
        Set.copyOf(namespaces),
        metricsPort,
        leaderNamespace,
        hookJobTtl,
        logLevel,
        sandbox || demo,
        demo,
        help);
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " needs a value, as " + name + "=VALUE");
    }
    return value;
  }

  private static boolean flag(String name, String value) {
    if (value != null) {
      throw new IllegalArgumentException(name + " takes no value (got \"" + value + "\")");
    }
    return true;
  }

  private static int port(String name, String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ": \"" + value + "\" is not a port (expected 0 to 65535)");
    }
  }
}
