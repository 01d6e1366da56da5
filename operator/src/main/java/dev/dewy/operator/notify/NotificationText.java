package dev.dewy.operator.notify;

import java.util.ArrayList;
import java.util.List;

/** The words every channel uses for a notification: one headline and labelled details. */
public final class NotificationText {
  private NotificationText() {}

  /** A labelled value, such as "Exit code" / "1". */
  public record Detail(String label, String value) {}

  /** One line saying what happened, e.g. "shop/myapp before-deploy hook FAILED for v1.5.0". */
  public static String headline(Notification n) {
    String who = n.deploymentKey();
    String forVersion = n.version().isEmpty() ? "" : " for " + n.version();
    String ofVersion = n.version().isEmpty() ? "" : " of " + n.version();
    return switch (n.type()) {
      case DEPLOY_STARTED ->
          who
              + " deploy"
              + ofVersion
              + " started"
              + (n.previousVersion().isEmpty() ? "" : " (from " + n.previousVersion() + ")");
      case BEFORE_HOOK_SUCCEEDED, AFTER_HOOK_SUCCEEDED ->
          who + " " + n.type().hookName() + " hook succeeded" + forVersion;
      case BEFORE_HOOK_FAILED, AFTER_HOOK_FAILED ->
          who + " " + n.type().hookName() + " hook FAILED" + forVersion;
      case DEPLOY_SUCCEEDED -> who + " deployed" + (n.version().isEmpty() ? "" : " " + n.version());
      case DEPLOY_ABORTED -> who + " deploy" + ofVersion + " ABORTED";
      case DEPLOY_FAILED -> who + " deploy" + ofVersion + " FAILED";
      case ROLLED_BACK ->
          who
              + " deploy"
              + ofVersion
              + " ROLLED BACK"
              + (n.previousVersion().isEmpty() ? "" : " to " + n.previousVersion());
      case ROLLBACK_FAILED -> who + " deploy" + ofVersion + " FAILED, and so did its ROLLBACK";
      case MANUAL_CHANGE ->
          who
              + " changed outside dewy-operator"
              + (n.version().isEmpty() ? "" : ": runs " + n.version())
              + (n.previousVersion().isEmpty() ? "" : " (deployed " + n.previousVersion() + ")");
      case APPROVAL_REQUIRED ->
          who + (n.version().isEmpty() ? "" : " " + n.version()) + " awaits approval";
      case NOT_APPROVED ->
          who + (n.version().isEmpty() ? "" : " " + n.version()) + " NOT APPROVED in time";
      case TAG_REPUSHED ->
          who + " tag" + (n.version().isEmpty() ? "" : " " + n.version()) + " was pushed again";
      case REGISTRY_ERROR -> who + " registry error";
      case CONFIG_ERROR -> who + " configuration error";
    };
  }

  /** The facts about the deployment and the hook, in reading order, skipping empty ones. */
  public static List<Detail> details(Notification n) {
    List<Detail> details = new ArrayList<>();
    add(details, "Version", n.version());
    add(details, "Previous version", n.previousVersion());
    add(details, "Registry", n.registry());
    n.hookOutcome()
        .ifPresent(
            hook -> {
              add(details, "Hook", n.type().hookName());
              add(details, "Command", hook.command());
              add(details, "Exit code", Integer.toString(hook.exitCode()));
              add(details, "Duration", hook.duration());
              add(details, "Job", hook.jobName());
            });
    return details;
  }

  /** The plain-text body used by mail: headline, message, details, output tails. */
  public static String plainBody(Notification n) {
    StringBuilder body = new StringBuilder(headline(n)).append("\n\n");
    if (!n.message().isEmpty()) {
      body.append(n.message()).append("\n\n");
    }
    body.append("Deployment: ").append(n.deploymentKey()).append('\n');
    for (Detail detail : details(n)) {
      body.append(detail.label()).append(": ").append(detail.value()).append('\n');
    }
    n.hookOutcome()
        .ifPresent(
            hook -> {
              appendOutput(body, "STDOUT", hook.stdout());
              appendOutput(body, "STDERR", hook.stderr());
            });
    return body.append("\n--\ndewy-operator\n").toString();
  }

  private static void appendOutput(StringBuilder body, String title, String output) {
    if (!output.isEmpty()) {
      body.append('\n').append(title).append(":\n").append(OutputTail.of(output)).append('\n');
    }
  }

  private static void add(List<Detail> details, String label, String value) {
    if (value != null && !value.isEmpty()) {
      details.add(new Detail(label, value));
    }
  }
}
