package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events on a DewyDeployment, as {@code kubectl describe} shows them. Repeats of the
 * same event are folded into one with a growing count, as client-go's recorder does: it remembers
 * what it wrote and patches count and lastTimestamp, so it needs only create and patch on events,
 * never a read. A failure to write an event is logged, never passed on: events must not stop a
 * deploy.
 */
public final class EventRecorder implements DeployEvents {
  static final String COMPONENT = "dewy-operator";
  private static final int MAX_MESSAGE = 1024;
  private static final int MAX_REMEMBERED = 4096;
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Map<String, Written> written =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
          return size() > MAX_REMEMBERED;
        }
      };

  /** An event this recorder created, and the count it last wrote. */
  private record Written(String name, int count) {}

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  @Override
  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  private synchronized void record(HasMetadata object, String type, String reason, String text) {
    String message = text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE - 1) + "…" : text;
    String namespace = object.getMetadata().getNamespace();
    String key = object.getMetadata().getUid() + "|" + type + "|" + reason + "|" + message;
    String now = Instant.now(clock).toString();
    try {
      Written existing = written.get(key);
      if (existing != null && increment(namespace, existing, now)) {
        written.put(key, new Written(existing.name(), existing.count() + 1));
        return;
      }
      Event event = newEvent(object, type, reason, message, now);
      client.v1().events().inNamespace(namespace).resource(event).create();
      written.put(key, new Written(event.getMetadata().getName(), 1));
    } catch (KubernetesClientException e) {
      log.atWarn()
          .addKeyValue("reason", reason)
          .addKeyValue("error", e.getMessage())
          .log("Could not write event");
    }
  }

  /** Patches the count of an event written before; false when it is gone (events expire). */
  private boolean increment(String namespace, Written event, String now) {
    String patch = "{\"count\":" + (event.count() + 1) + ",\"lastTimestamp\":\"" + now + "\"}";
    try {
      // Patched through an item, since a patch by name makes fabric8 read the object first.
      Event known =
          new EventBuilder().withNewMetadata().withName(event.name()).endMetadata().build();
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(known)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private Event newEvent(HasMetadata object, String type, String reason, String msg, String now) {
    String name =
        object.getMetadata().getName()
            + "."
            + Long.toHexString(clock.instant().toEpochMilli())
            + Long.toHexString(System.nanoTime() & 0xffff);
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(object.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(object.getApiVersion())
                .withKind(object.getKind())
                .withName(object.getMetadata().getName())
                .withNamespace(object.getMetadata().getNamespace())
                .withUid(object.getMetadata().getUid())
                .withResourceVersion(object.getMetadata().getResourceVersion())
                .build())
        .withType(type)
        .withReason(reason)
        .withMessage(msg)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(COMPONENT)
        .build();
  }
}
