package dev.dewy.operator.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.api.v1alpha1.HookSummary;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookResultsTest {

  static Job job(String conditionType, String reason) {
    JobBuilder job =
        new JobBuilder().withNewMetadata().withName("myapp-before-deploy-1a2b3c4d").endMetadata();
    if (conditionType == null) {
      return job.build();
    }
    return job.withNewStatus()
        .addNewCondition()
        .withType(conditionType)
        .withStatus("True")
        .withReason(reason)
        .endCondition()
        .endStatus()
        .build();
  }

  static Pod terminatedPod(int exitCode, String reason, String message) {
    return new PodBuilder()
        .withNewStatus()
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("hook")
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withReason(reason)
                .withMessage(message)
                .withStartedAt("2024-03-15T10:30:45Z")
                .withFinishedAt("2024-03-15T10:30:48Z")
                .endTerminated()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  static Pod waitingPod(String reason) {
    return new PodBuilder()
        .withNewStatus()
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("hook")
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage("Back-off pulling image \"nope:v1\"")
                .endWaiting()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  static String document(int exit, String stdout, String stderr) {
    Base64.Encoder b64 = Base64.getEncoder();
    return "dewy-hook/v1\nexit="
        + exit
        + "\nclock=ns\nstart=1710498645000000000\n"
        + "finish=1710498647500000000\nencoding=base64\nstdout_bytes="
        + stdout.length()
        + "\nstderr_bytes="
        + stderr.length()
        + "\nstdout_tail="
        + b64.encodeToString(stdout.getBytes(UTF_8))
        + "\nstderr_tail="
        + b64.encodeToString(stderr.getBytes(UTF_8))
        + "\n";
  }

  @Test
  void givenCompletedJobWithDocumentWhenReadThenPreciseResultIsFilled() {
    Pod pod = terminatedPod(0, "Completed", document(0, "Backup completed successfully", ""));

    HookResult result =
        HookResults.from(job("Complete", null), pod, "backup-database.sh", "v1.5.0");

    assertThat(result.getCommand()).isEqualTo("backup-database.sh");
    assertThat(result.getVersion()).isEqualTo("v1.5.0");
    assertThat(result.getJobName()).isEqualTo("myapp-before-deploy-1a2b3c4d");
    assertThat(result.getSucceeded()).isTrue();
    assertThat(result.getExitCode()).isZero();
    assertThat(result.getStdout()).isEqualTo("Backup completed successfully");
    assertThat(result.getStderr()).isEmpty();
    assertThat(result.getDuration()).isEqualTo("2.5s");
    assertThat(result.getStartedAt()).isEqualTo("2024-03-15T10:30:45Z");
    assertThat(result.getFinishedAt()).isEqualTo("2024-03-15T10:30:47.500Z");
    assertThat(result.getReason()).isNull();
  }

  @Test
  void givenFailedJobWithoutDocumentWhenReadThenContainerStateTimesAreUsed() {
    Pod pod = terminatedPod(3, "Error", null);

    HookResult result = HookResults.from(job("Failed", "BackoffLimitExceeded"), pod, "false", "v1");

    assertThat(result.getSucceeded()).isFalse();
    assertThat(result.getExitCode()).isEqualTo(3);
    assertThat(result.getDuration()).isEqualTo("3s");
    assertThat(result.getStartedAt()).isEqualTo("2024-03-15T10:30:45Z");
    assertThat(result.getStdout()).isNull();
    assertThat(result.getReason()).isEqualTo("BackoffLimitExceeded");
  }

  @Test
  void givenDeadlineExceededWhenReadThenReasonSaysSo() {
    Pod pod = terminatedPod(137, "Error", null);

    HookResult result = HookResults.from(job("Failed", "DeadlineExceeded"), pod, "sleep 999", "v1");

    assertThat(result.getSucceeded()).isFalse();
    assertThat(result.getReason()).isEqualTo("DeadlineExceeded");
  }

  @Test
  void givenOomKilledHookWhenReadThenReasonIsTheKillNotTheBackoff() {
    Pod pod = terminatedPod(137, "OOMKilled", null);

    HookResult result = HookResults.from(job("Failed", "BackoffLimitExceeded"), pod, "x", "v1");

    assertThat(result.getReason()).isEqualTo("OOMKilled");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ImagePullBackOff", "ErrImagePull", "InvalidImageName"})
  void givenImageThatCannotBePulledWhenCheckedThenFailureIsReportedAtOnce(String reason) {
    Pod pod = waitingPod(reason);

    assertThat(HookResults.imagePullFailure(pod))
        .hasValueSatisfying(
            w -> {
              assertThat(w.reason()).isEqualTo(reason);
              assertThat(w.message()).contains("nope:v1");
            });
    HookResult result = HookResults.from(job(null, null), pod, "true", "v1");
    assertThat(result.getSucceeded()).isFalse();
    assertThat(result.getReason()).isEqualTo(reason);
    assertThat(result.getExitCode()).isNull();
  }

  @Test
  void givenPodStillCreatingOrAbsentWhenCheckedThenNoPullFailure() {
    assertThat(HookResults.imagePullFailure(waitingPod("ContainerCreating"))).isEmpty();
    assertThat(HookResults.imagePullFailure(null)).isEmpty();
    assertThat(HookResults.imagePullFailure(new Pod())).isEmpty();
  }

  @Test
  void givenJobConditionsWhenAskedThenFinishedOnlyOnCompleteOrFailed() {
    assertThat(HookResults.isFinished(job("Complete", null))).isTrue();
    assertThat(HookResults.isFinished(job("Failed", "DeadlineExceeded"))).isTrue();
    assertThat(HookResults.isFinished(job("SuccessCriteriaMet", null))).isFalse();
    assertThat(HookResults.isFinished(job(null, null))).isFalse();
    assertThat(HookResults.succeeded(job("Failed", "x"))).isFalse();
  }

  @Test
  void givenResultWhenSummarisedThenOutputIsLeftOut() {
    Pod pod = terminatedPod(1, "Error", document(1, "lots of output", "err"));
    HookResult result = HookResults.from(job("Failed", "BackoffLimitExceeded"), pod, "x", "v1");

    HookSummary summary = HookResults.summary(result);

    assertThat(summary.getExitCode()).isEqualTo(1);
    assertThat(summary.getDuration()).isEqualTo("2.5s");
    assertThat(summary.getSucceeded()).isFalse();
    assertThat(summary.getReason()).isEqualTo("BackoffLimitExceeded");
  }
}
