package dev.dewy.operator.notify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The versioned JSON body of a webhook notification, as documented in docs/notifications.md. */
public final class WebhookPayload {
  public static final String SCHEMA = "dewy.dev/notification/v1";

  private WebhookPayload() {}

  public static ObjectNode build(Notification n) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("schema", SCHEMA);
    body.put("type", n.type().name());
    body.put("severity", n.severity().label());
    body.putObject("deployment").put("namespace", n.namespace()).put("name", n.name());
    body.put("version", n.version());
    body.put("previousVersion", n.previousVersion());
    body.put("registry", n.registry());
    body.put("message", n.message());
    n.hookOutcome()
        .ifPresent(
            hook ->
                body.putObject("hook")
                    .put("name", n.type().hookName())
                    .put("command", hook.command())
                    .put("exitCode", hook.exitCode())
                    .put("duration", hook.duration())
                    .put("stdout", OutputTail.of(hook.stdout()))
                    .put("stderr", OutputTail.of(hook.stderr()))
                    .put("succeeded", hook.succeeded())
                    .put("jobName", hook.jobName()));
    body.put("time", n.time().toString());
    return body;
  }
}
