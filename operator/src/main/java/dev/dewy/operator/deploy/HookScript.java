package dev.dewy.operator.deploy;

import java.util.List;

/**
 * The POSIX sh wrapper a hook container runs: it runs the user's command as {@code /bin/sh -c "$1"}
 * exactly as Dewy does, lets {@code kubectl logs} show its output, and leaves exit code, timings
 * and bounded tails of stdout and stderr in the termination message for {@link HookOutput} to read.
 *
 * <p>Only busybox/coreutils tools are used (mkfifo, tee, tail, wc, tr, date, mktemp, base64 or od).
 * The document stays under kubelet's 4096-byte limit: 1400 bytes of each tail in base64 (1868
 * characters each), or 900 bytes in hex when base64 is missing.
 */
public final class HookScript {
  /** Version tag of the termination document; {@link HookOutput} rejects others. */
  public static final String FORMAT = "dewy-hook/v1";

  /** Bytes of each stream's tail kept when base64 is available. */
  public static final int TAIL_BYTES = 1400;

  /**
   * The value of {@code $0} inside the wrapper, which names it in {@code ps} and error messages.
   */
  public static final String NAME = "dewy-hook";

  /** Where the wrapper writes its document unless {@code DEWY_TERMINATION_PATH} says otherwise. */
  public static final String TERMINATION_PATH = "/dev/termination-log";

  /**
   * A writable directory the Job mounts (an emptyDir) for the wrapper's FIFOs and captures, so
   * hooks work with a read-only root filesystem; {@code $TMPDIR} or /tmp serve when it is absent.
   */
  public static final String WORK_DIR = "/run/dewy-hook";

  // The streams go through FIFOs into tee, so each reaches the container's own stdout/stderr
  // (kubectl logs) and a private file at once, and the command's exit status stays its own
  // rather than a pipeline's. The command runs in the background so that a SIGTERM (the Job's
  // deadline; as PID 1 the wrapper would otherwise ignore it) is forwarded and the output so
  // far still reaches the termination message. Without any writable directory the command
  // still runs, uncaptured.
  static final String WRAPPER =
      """
      dewy_term=${DEWY_TERMINATION_PATH:-%s}
      dewy_now() {
        t=$(date +%%s%%N 2>/dev/null)
        case $t in
          *[!0-9]*|'') date +%%s ;;
          *) if [ ${#t} -ge 16 ]; then echo "$t"; else date +%%s; fi ;;
        esac
      }
      dewy_tail() {
        if [ ! -f "$1" ]; then return; fi
        if command -v base64 >/dev/null 2>&1; then
          tail -c %d "$1" | base64 | tr -d '\n\r'
        else
          tail -c 900 "$1" | od -An -v -tx1 | tr -d ' \n\r'
        fi
      }
      dewy_size() {
        if [ -f "$1" ]; then echo $(($(wc -c < "$1"))); else echo 0; fi
      }
      dewy_stop() {
        dewy_signal=$1
        # Async commands ignore SIGINT in a non-interactive shell, so TERM is what stops them.
        [ -n "$dewy_pid" ] && kill -TERM "$dewy_pid" 2>/dev/null
      }
      dewy_pid=
      dewy_signal=
      # An async command's stdin would be /dev/null; fd 3 hands it the wrapper's own.
      exec 3<&0
      trap 'dewy_stop TERM' TERM
      trap 'dewy_stop INT' INT
      if dewy_dir=$(mktemp -d "%s/h.XXXXXX" 2>/dev/null) || dewy_dir=$(mktemp -d 2>/dev/null) \
          && mkfifo "$dewy_dir/out.fifo" "$dewy_dir/err.fifo" 2>/dev/null; then
        trap 'rm -rf "$dewy_dir"' EXIT
        tee "$dewy_dir/out" < "$dewy_dir/out.fifo" &
        dewy_tee_out=$!
        tee "$dewy_dir/err" < "$dewy_dir/err.fifo" >&2 &
        dewy_tee_err=$!
        dewy_start=$(dewy_now)
        /bin/sh -c "$1" <&3 3<&- > "$dewy_dir/out.fifo" 2> "$dewy_dir/err.fifo" &
      else
        dewy_dir=/nonexistent
        dewy_start=$(dewy_now)
        /bin/sh -c "$1" <&3 3<&- &
      fi
      dewy_pid=$!
      wait "$dewy_pid"
      dewy_code=$?
      # A trap interrupts wait; wait again for the command's own status.
      while kill -0 "$dewy_pid" 2>/dev/null; do
        wait "$dewy_pid"
        dewy_code=$?
      done
      dewy_finish=$(dewy_now)
      if [ -n "$dewy_tee_out" ]; then
        # After a signal, children the command left behind may hold the FIFOs open.
        [ -n "$dewy_signal" ] && sleep 1 && kill "$dewy_tee_out" "$dewy_tee_err" 2>/dev/null
        wait "$dewy_tee_out" "$dewy_tee_err"
      fi
      if command -v base64 >/dev/null 2>&1; then dewy_enc=base64; else dewy_enc=hex; fi
      case $dewy_start in ??????????????*) dewy_clock=ns ;; *) dewy_clock=s ;; esac
      {
        echo "%s"
        echo "exit=$dewy_code"
        [ -n "$dewy_signal" ] && echo "signal=$dewy_signal"
        echo "clock=$dewy_clock"
        echo "start=$dewy_start"
        echo "finish=$dewy_finish"
        echo "encoding=$dewy_enc"
        [ "$dewy_dir" = /nonexistent ] && echo "capture=none"
        echo "stdout_bytes=$(dewy_size "$dewy_dir/out")"
        echo "stderr_bytes=$(dewy_size "$dewy_dir/err")"
        echo "stdout_tail=$(dewy_tail "$dewy_dir/out")"
        echo "stderr_tail=$(dewy_tail "$dewy_dir/err")"
      } > "$dewy_term" 2>/dev/null
      exit "$dewy_code"
      """
          .formatted(TERMINATION_PATH, TAIL_BYTES, WORK_DIR, FORMAT);

  private HookScript() {}

  /**
   * The container command: the user's command travels as {@code $1}, never spliced into a shell
   * string, so quotes and {@code $(...)} in it mean exactly what they mean to {@code /bin/sh -c}.
   */
  public static List<String> command(String userCommand) {
    return List.of("/bin/sh", "-c", WRAPPER, NAME, userCommand);
  }
}
