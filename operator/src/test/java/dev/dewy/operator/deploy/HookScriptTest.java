package dev.dewy.operator.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the wrapper for real, under the machine's /bin/sh and under busybox's sh and tools. */
class HookScriptTest {

  /** The shells and tool sets a hook image might offer. */
  enum Shell {
    /** The host's /bin/sh with coreutils. */
    SYSTEM,
    /** busybox sh with only busybox applets on PATH. */
    BUSYBOX,
    /** busybox without base64, to exercise the od fallback. */
    BUSYBOX_WITHOUT_BASE64
  }

  private static final List<String> BUSYBOX_TOOLS =
      List.of(
          "sh", "mkfifo", "tee", "tail", "wc", "tr", "date", "mktemp", "base64", "od", "rm",
          "mkdir", "cat", "printf", "head", "echo", "sleep");

  @TempDir Path dir;

  record Run(int exit, String stdout, String stderr, String termination) {
    HookOutput output() {
      return HookOutput.parse(termination);
    }
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenFailingCommandWhenRunThenExitCodeAndSeparatedStreamsAreReported(Shell shell)
      throws Exception {
    Run run = run(shell, "echo out; echo err >&2; exit 3", Map.of());

    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.stdout()).isEqualTo("out\n");
    assertThat(run.stderr()).isEqualTo("err\n");
    HookOutput output = run.output();
    assertThat(output.present()).as(output.problem()).isTrue();
    assertThat(output.exitCode()).isEqualTo(3);
    assertThat(output.stdout()).isEqualTo("out\n");
    assertThat(output.stderr()).isEqualTo("err\n");
    assertThat(output.stdoutBytes()).isEqualTo(4);
    assertThat(output.startedAt()).isNotNull();
    assertThat(output.finishedAt()).isAfterOrEqualTo(output.startedAt());
    assertThat(output.startedAt()).isBetween(Instant.now().minusSeconds(120), Instant.now());
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenSuccessfulCommandWhenRunThenExitZeroIsReported(Shell shell) throws Exception {
    Run run = run(shell, "true", Map.of());

    assertThat(run.exit()).isZero();
    assertThat(run.output().exitCode()).isZero();
    assertThat(run.output().stdout()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenLargeOutputWhenRunThenTailIsKeptAndTruncationMarked(Shell shell) throws Exception {
    // 100 KiB of numbered lines on stdout, 50 KiB on stderr; logs must still carry all of it.
    String command =
        "i=0; while [ $i -lt 10240 ]; do printf 'line %04d\\n' $((i % 10000)); i=$((i+1)); done;"
            + " i=0; while [ $i -lt 5120 ]; do printf 'oops %04d\\n' $i >&2; i=$((i+1)); done";
    Run run = run(shell, command, Map.of());

    assertThat(run.exit()).isZero();
    assertThat(run.stdout()).hasSize(10240 * 10);
    assertThat(run.termination().getBytes(UTF_8).length).isLessThan(4096);
    HookOutput output = run.output();
    assertThat(output.stdoutBytes()).isEqualTo(102_400);
    assertThat(output.stderrBytes()).isEqualTo(51_200);
    int kept = shell == Shell.BUSYBOX_WITHOUT_BASE64 ? 900 : HookScript.TAIL_BYTES;
    assertThat(output.stdout())
        .startsWith("[\u2026 " + (102_400 - kept) + " earlier bytes truncated]\n")
        .endsWith("line 0239\n");
    assertThat(output.stderr())
        .startsWith("[\u2026 " + (51_200 - kept) + " earlier bytes truncated]\n")
        .endsWith("oops 5119\n");
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenOutputWithoutTrailingNewlineWhenRunThenItIsKeptVerbatim(Shell shell) throws Exception {
    Run run = run(shell, "printf 'no newline'; printf 'tail' >&2", Map.of());

    assertThat(run.output().stdout()).isEqualTo("no newline");
    assertThat(run.output().stderr()).isEqualTo("tail");
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenUtf8AndBinaryOutputWhenRunThenBytesSurvive(Shell shell) throws Exception {
    Run run = run(shell, "printf 'héllo ✓ 日本\\n'; printf '\\001\\002\\377x' >&2", Map.of());

    assertThat(run.output().stdout()).isEqualTo("héllo ✓ 日本\n");
    assertThat(run.output().stderrBytes()).isEqualTo(4);
    assertThat(run.output().stderr()).isEqualTo("\u0001\u0002\ufffdx");
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenQuotesSubstitutionAndSemicolonsWhenRunThenShellSeesExactlyTheCommand(Shell shell)
      throws Exception {
    String command =
        "a='single $HOME'; b=\"dq $(echo sub)\"; echo \"$a|$b\"; echo `echo bt`; "
            + "echo \"$0\" \"$#\"";
    Run run = run(shell, command, Map.of());

    // The reference is /bin/sh -c itself, given the same string.
    Process plain = new ProcessBuilder("/bin/sh", "-c", command).start();
    String expected = new String(plain.getInputStream().readAllBytes(), UTF_8);
    plain.waitFor();
    assertThat(run.stdout()).isEqualTo(expected).startsWith("single $HOME|dq sub\nbt\n");
    assertThat(run.output().stdout()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenVersionInEnvironmentWhenRunThenCommandReadsIt(Shell shell) throws Exception {
    Run run =
        run(shell, "echo \"deploying $DEWY_VERSION\"", Map.of("DEWY_VERSION", "v1.2.3;rm -rf /"));

    assertThat(run.output().stdout()).isEqualTo("deploying v1.2.3;rm -rf /\n");
  }

  @Test
  void givenAnyCommandThenVersionNeverAppearsInContainerCommand() {
    List<String> command = HookScript.command("scripts/pre-check.sh");

    assertThat(command)
        .containsExactly("/bin/sh", "-c", HookScript.WRAPPER, "dewy-hook", "scripts/pre-check.sh");
    assertThat(HookScript.WRAPPER).doesNotContain("DEWY_VERSION");
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenKilledBySignalWhenRunThenExitCodeIsTheShells(Shell shell) throws Exception {
    Run run = run(shell, "kill -9 $$", Map.of());

    assertThat(run.exit()).isEqualTo(137);
    assertThat(run.output().exitCode()).isEqualTo(137);
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenDeadlineSigtermWhenHookIsRunningThenItStopsAndOutputSoFarIsReported(Shell shell)
      throws Exception {
    Path termination = Files.createTempFile(dir, "termination", ".log");
    Process process = start(shell, "echo started; sleep 60; echo never", Map.of(), termination);
    var stdout =
        new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), UTF_8));

    assertThat(stdout.readLine()).isEqualTo("started");
    // SIGTERM, as kubelet sends to PID 1 at activeDeadlineSeconds. Not Process.destroy(): it
    // also closes our ends of the pipes, which kubelet never does.
    var drain =
        java.util.concurrent.CompletableFuture.runAsync(() -> readAll(process.getInputStream()));
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("wrapper stopped on SIGTERM").isTrue();
    assertThat(process.exitValue()).isEqualTo(143);
    HookOutput output = HookOutput.parse(Files.readString(termination, UTF_8));
    assertThat(output.exitCode()).isEqualTo(143);
    assertThat(output.signal()).isEqualTo("TERM");
    assertThat(output.stdout()).isEqualTo("started\n");
    drain.get(30, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenNoWritableDirectoryWhenRunThenCommandStillRunsAndExitCodeIsReported(Shell shell)
      throws Exception {
    Run run = run(shell, "echo visible; exit 4", Map.of("TMPDIR", "/nonexistent/dewy"));

    assertThat(run.exit()).isEqualTo(4);
    assertThat(run.stdout()).isEqualTo("visible\n");
    assertThat(run.output().present()).isTrue();
    assertThat(run.output().exitCode()).isEqualTo(4);
    assertThat(run.output().stdout()).isEmpty();
    assertThat(run.output().problem()).contains("not captured");
  }

  @ParameterizedTest
  @EnumSource(Shell.class)
  void givenInputOnStdinWhenRunThenTheCommandReadsIt(Shell shell) throws Exception {
    Path termination = Files.createTempFile(dir, "termination", ".log");
    Process process = start(shell, "read line; echo \"got $line\"", Map.of(), termination);
    process.getOutputStream().write("hello\n".getBytes(UTF_8));
    process.getOutputStream().close();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(process.getInputStream().readAllBytes(), UTF_8)).isEqualTo("got hello\n");
  }

  private Process start(Shell shell, String userCommand, Map<String, String> env, Path termination)
      throws IOException {
    List<String> command = new ArrayList<>(HookScript.command(userCommand));
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().put("TMPDIR", dir.toString());
    builder.environment().putAll(env);
    builder.environment().put("DEWY_TERMINATION_PATH", termination.toString());
    if (shell != Shell.SYSTEM) {
      builder.environment().put("PATH", busyboxPath(shell).toString());
      command.set(0, busybox());
      command.add(1, "sh");
    }
    return builder.command(command).start();
  }

  private Run run(Shell shell, String userCommand, Map<String, String> env) throws Exception {
    Path termination = Files.createTempFile(dir, "termination", ".log");
    Process process = start(shell, userCommand, env, termination);
    process.getOutputStream().close();
    var out = process.getInputStream();
    var err = process.getErrorStream();
    var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
    var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("wrapper finished").isTrue();
    return new Run(
        process.exitValue(), stdout.get(), stderr.get(), Files.readString(termination, UTF_8));
  }

  private Path busyboxPath(Shell shell) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin-" + shell.name()));
    for (String tool : BUSYBOX_TOOLS) {
      if (shell == Shell.BUSYBOX_WITHOUT_BASE64 && tool.equals("base64")) {
        continue;
      }
      Path link = bin.resolve(tool);
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, Path.of(busybox()));
      }
    }
    return bin;
  }

  private static String busybox() {
    for (String candidate : List.of("/usr/bin/busybox", "/bin/busybox")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError("busybox is required for these tests: apt-get install -y busybox");
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
