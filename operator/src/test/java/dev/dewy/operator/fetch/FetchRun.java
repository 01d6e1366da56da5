package dev.dewy.operator.fetch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One run of the fetch command into {@code volume}, as the init container runs it. */
record FetchRun(int exit, String out, String err) {

  /** Runs fetch with {@code args}, {@code --into=volume} and no termination log. */
  static FetchRun run(Path volume, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--into=" + volume;
    all[args.length + 1] = "--termination-log=" + volume.resolve("no-such-termination-log");
    int exit =
        FetchCommand.run(
            all,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new FetchRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
