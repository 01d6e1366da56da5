package dev.dewy.operator.demo;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar dewy-operator.jar publish HOST:PORT/REPOSITORY:TAG}: pushes a tiny image under a
 * tag, over plain HTTP, so that a user can publish a version for the operator to find without
 * docker (what the demo does when you type {@code publish v1.3.0}).
 */
public final class Publish {
  static final String USAGE =
      """
      Usage: java -jar dewy-operator.jar publish HOST:PORT/REPOSITORY:TAG

      Pushes a tiny image (one empty layer) as REPOSITORY:TAG to the registry at HOST:PORT,
      over plain HTTP, and prints its digest. With DEWY_PUBLISH_USERNAME and
      DEWY_PUBLISH_PASSWORD set, it authenticates with them (HTTP Basic).
      """;

  /** The parts of {@code HOST:PORT/REPOSITORY:TAG}. */
  record Target(String hostPort, String repository, String tag) {
    static Target parse(String reference) {
      int slash = reference.indexOf('/');
      int colon = reference.lastIndexOf(':');
      if (slash <= 0 || colon <= slash + 1 || colon == reference.length() - 1) {
        throw new IllegalArgumentException(
            "\""
                + reference
                + "\" is not HOST:PORT/REPOSITORY:TAG (e.g. 127.0.0.1:5000/demo/hello:v1.1.0)");
      }
      return new Target(
          reference.substring(0, slash),
          reference.substring(slash + 1, colon),
          reference.substring(colon + 1));
    }
  }

  private Publish() {}

  /** Runs the subcommand; returns the process's exit status. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.print(USAGE);
      return 0;
    }
    if (args.length != 1) {
      err.println("dewy-operator publish: expected one HOST:PORT/REPOSITORY:TAG");
      err.print(USAGE);
      return 2;
    }
    Target target;
    try {
      target = Target.parse(args[0]);
    } catch (IllegalArgumentException e) {
      err.println("dewy-operator publish: " + e.getMessage());
      return 2;
    }
    Optional<String> authorization = basic(env);
    OciImagePusher pusher =
        new OciImagePusher(URI.create("http://" + target.hostPort()), repo -> authorization);
    try {
      String digest = pusher.push(target.repository(), target.tag());
      out.println("published " + args[0] + " (" + digest + ")");
      return 0;
    } catch (RuntimeException e) {
      err.println("dewy-operator publish: " + args[0] + ": " + e.getMessage());
      return 1;
    }
  }

  private static Optional<String> basic(Map<String, String> env) {
    String user = env.get("DEWY_PUBLISH_USERNAME");
    String password = env.get("DEWY_PUBLISH_PASSWORD");
    if (user == null || password == null) {
      return Optional.empty();
    }
    return Optional.of(
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }
}
