package dev.dewy.operator.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the chat.postMessage body: one attachment coloured by severity, hook facts as fields. */
final class SlackMessage {
  private SlackMessage() {}

  static String color(Severity severity) {
    return switch (severity) {
      case SUCCESS -> "good";
      case WARNING -> "warning";
      case FAILURE -> "danger";
    };
  }

  static ObjectNode build(SlackUrl url, Notification n) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode attachment = json.objectNode();
    attachment.put("color", color(n.severity()));
    attachment.put("fallback", NotificationText.headline(n));
    attachment.put("title", url.title().isEmpty() ? n.deploymentKey() : url.title());
    if (!url.titleUrl().isEmpty()) {
      attachment.put("title_link", url.titleUrl());
    }
    attachment.put(
        "text", NotificationText.headline(n) + (n.message().isEmpty() ? "" : "\n" + n.message()));
    ArrayNode fields = attachment.putArray("fields");
    n.hookOutcome()
        .ifPresent(
            hook -> {
              field(fields, "Command", "`" + hook.command() + "`", false);
              field(fields, "Exit code", "`" + hook.exitCode() + "`", true);
              field(fields, "Duration", hook.duration(), true);
            });
    if (!n.version().isEmpty()) {
      field(fields, "Version", n.version(), true);
    }
    if (!n.previousVersion().isEmpty()) {
      field(fields, "Previous version", n.previousVersion(), true);
    }
    n.hookOutcome()
        .ifPresent(
            hook -> {
              codeBlock(fields, "Stdout", hook.stdout());
              codeBlock(fields, "Stderr", hook.stderr());
            });
    attachment.put("footer", "dewy-operator " + n.deploymentKey());
    attachment.put("ts", n.time().getEpochSecond());

    ObjectNode body = json.objectNode();
    body.put("channel", url.channel());
    body.put("username", "Dewy");
    body.put("text", "");
    body.putArray("attachments").add(attachment);
    return body;
  }

  private static void codeBlock(ArrayNode fields, String title, String output) {
    if (!output.isEmpty()) {
      field(fields, title, "```\n" + OutputTail.of(output) + "\n```", false);
    }
  }

  private static void field(ArrayNode fields, String title, String value, boolean isShort) {
    fields.addObject().put("title", title).put("value", value).put("short", isShort);
  }
}
