package dev.dewy.sandbox;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar dewy-sandbox.jar --port PORT --kubeconfig FILE}: serves the sandbox as a small
 * cluster (API, schema admission, Job and rollout controllers, pod logs) until SIGTERM or Ctrl-C.
 */
public final class SandboxMain {
  private static final String USAGE =
      "usage: java -jar dewy-sandbox.jar [--port PORT] [--kubeconfig FILE]\n"
          + "  --port        port to serve on 127.0.0.1 (default 0: a free port)\n"
          + "  --kubeconfig  where to write the kubeconfig (default ./dewy-sandbox.kubeconfig)";

  private SandboxMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "dewy-sandbox-logback.xml");
    }
    int port = 0;
    Path kubeconfig = Path.of("dewy-sandbox.kubeconfig");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (flag.equals("--port") && value != null && value.matches("\\d{1,5}")) {
        port = Integer.parseInt(value);
        i++;
      } else if (flag.equals("--kubeconfig") && value != null) {
        kubeconfig = Path.of(value);
        i++;
      } else {
        System.err.println("dewy-sandbox: bad argument \"" + flag + "\"\n" + USAGE);
        System.exit(2);
      }
    }
    Sandbox sandbox = Sandbox.start(SandboxOptions.cluster().port(port), kubeconfig);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                },
                "dewy-sandbox-shutdown"));
    System.out.println(
        "dewy-sandbox ready on "
            + sandbox.url()
            + "; export KUBECONFIG="
            + kubeconfig.toAbsolutePath());
    System.out.flush();
    stopped.await();
  }
}
