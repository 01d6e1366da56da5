package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Turns the protobuf bodies kubectl's typed clients send into the JSON the same client would have
 * sent: {@code kubectl create namespace|configmap|secret|serviceaccount|deployment|job|service} and
 * {@code kubectl auth can-i}. Each message is read by the table in {@link ProtoMessages}, with Go's
 * JSON rules (an {@code omitempty} zero is left out; a pointer field that is set is kept even when
 * zero). A field the table does not know is skipped when it holds its zero value, as the Go encoder
 * writes every non-pointer field; any other unknown field, and any other kind, is refused with 415,
 * so nothing a client sent is ever silently lost.
 */
final class ProtobufBodies {
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

  private ProtobufBodies() {}

  static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.contains("application/vnd.kubernetes.protobuf");
  }

  static ObjectNode decode(byte[] body) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (body.length < MAGIC.length || body[i] != MAGIC[i]) {
        throw new ApiException(400, "BadRequest", "protobuf body without the k8s envelope");
      }
    }
    ProtoReader envelope = new ProtoReader(body, MAGIC.length, body.length);
    String apiVersion = "";
    String kind = "";
    ProtoReader raw = null;
    while (envelope.next()) {
      switch (envelope.field()) {
        case 1 -> {
          ProtoReader typeMeta = envelope.message();
          while (typeMeta.next()) {
            if (typeMeta.field() == 1) apiVersion = typeMeta.string();
            else if (typeMeta.field() == 2) kind = typeMeta.string();
            else typeMeta.skip();
          }
        }
        case 2 -> raw = envelope.message();
        default -> envelope.skip();
      }
    }
    ProtoMessages.Message message = ProtoMessages.TOP_LEVEL.get(apiVersion + "/" + kind);
    if (raw == null || message == null) {
      throw unsupported(
          kind + " (" + apiVersion + ")",
          "the sandbox reads protobuf for " + ProtoMessages.topLevelKinds() + " only");
    }
    ObjectNode object = JSON.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    read(raw, message, object, kind);
    return object;
  }

  private static void read(
      ProtoReader in, ProtoMessages.Message message, ObjectNode out, String at) {
    while (in.next()) {
      ProtoMessages.Field field = message.fields().get(in.field());
      if (field == null) {
        if (!in.skipZero()) {
          throw unsupported(
              at,
              "field "
                  + in.field()
                  + " of "
                  + message.name()
                  + " is not one the sandbox decodes (it reads what kubectl's imperative commands"
                  + " set)");
        }
        continue;
      }
      String path = at + "." + field.json();
      switch (field.kind()) {
        case STRING -> {
          String value = in.string();
          if (!value.isEmpty() || field.keepZero()) {
            out.put(field.json(), value);
          }
        }
        case INT -> {
          long value = in.signedVarint();
          if (value != 0 || field.keepZero()) {
            out.set(field.json(), number(value));
          }
        }
        case BOOL -> {
          boolean value = in.bool();
          if (value || field.keepZero()) {
            out.put(field.json(), value);
          }
        }
        case MESSAGE -> read(in.message(), field.message(), out.putObject(field.json()), path);
        case MESSAGES -> {
          ObjectNode item = out.withArray("/" + field.json()).addObject();
          read(in.message(), field.message(), item, path);
        }
        case STRINGS -> out.withArray("/" + field.json()).add(in.string());
        case STRING_MAP -> entry(in.message(), out.withObject("/" + field.json()), Value.TEXT);
        case BYTES_MAP -> entry(in.message(), out.withObject("/" + field.json()), Value.BASE64);
        case QUANTITY_MAP ->
            entry(in.message(), out.withObject("/" + field.json()), Value.QUANTITY);
        case INT_OR_STRING -> out.set(field.json(), intOrString(in.message()));
        case TIME -> {
          JsonNode time = time(in.message());
          if (time != null) {
            out.set(field.json(), time);
          }
        }
        case IGNORED -> in.skip();
      }
    }
  }

  private enum Value {
    TEXT,
    BASE64,
    QUANTITY
  }

  private static void entry(ProtoReader in, ObjectNode target, Value kind) {
    String key = "";
    String value = "";
    while (in.next()) {
      if (in.field() == 1) {
        key = in.string();
      } else if (in.field() == 2) {
        value =
            switch (kind) {
              case TEXT -> in.string();
              case BASE64 -> Base64.getEncoder().encodeToString(in.bytes());
              case QUANTITY -> quantity(in.message());
            };
      } else {
        in.skip();
      }
    }
    target.put(key, value);
  }

  /** resource.Quantity: its canonical string. */
  private static String quantity(ProtoReader in) {
    String value = "";
    while (in.next()) {
      if (in.field() == 1) value = in.string();
      else in.skip();
    }
    return value;
  }

  /** intstr.IntOrString: type 0 is intVal, 1 strVal. */
  private static JsonNode intOrString(ProtoReader in) {
    long type = 0;
    long number = 0;
    String text = "";
    while (in.next()) {
      switch (in.field()) {
        case 1 -> type = in.varint();
        case 2 -> number = in.signedVarint();
        case 3 -> text = in.string();
        default -> in.skip();
      }
    }
    return type == 1 ? JSON.textNode(text) : number(number);
  }

  /** An int when it fits, as a JSON parser would read the number. */
  private static JsonNode number(long value) {
    return value == (int) value ? JSON.numberNode((int) value) : JSON.numberNode(value);
  }

  /** metav1.Time, with second precision as its JSON form has; null for the zero time. */
  private static JsonNode time(ProtoReader in) {
    long seconds = 0;
    while (in.next()) {
      if (in.field() == 1) seconds = in.signedVarint();
      else in.skip();
    }
    return seconds == 0 ? null : JSON.textNode(RFC3339.format(Instant.ofEpochSecond(seconds)));
  }

  private static ApiException unsupported(String what, String why) {
    return new ApiException(
        415,
        "UnsupportedMediaType",
        "cannot read the protobuf body of "
            + what
            + ": "
            + why
            + "; write it with kubectl apply -f "
            + "(or kubectl create ... --dry-run=client -o yaml | kubectl apply -f -)");
  }
}
