package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * Turns the protobuf bodies of kubectl's imperative {@code create namespace|secret|configmap|
 * serviceaccount} into JSON; other protobuf bodies are refused with 415 and a way out.
 */
final class ProtobufBodies {
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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
    ObjectNode object = JSON.objectNode().put("apiVersion", apiVersion).put("kind", kind);
    if (raw == null || !apiVersion.equals("v1")) {
      throw unsupported(kind);
    }
    switch (kind) {
      case "Namespace" -> namespace(raw, object);
      case "ConfigMap" -> configMap(raw, object);
      case "Secret" -> secret(raw, object);
      case "ServiceAccount" -> serviceAccount(raw, object);
      default -> throw unsupported(kind);
    }
    return object;
  }

  private static ApiException unsupported(String kind) {
    return new ApiException(
        415,
        "UnsupportedMediaType",
        "the sandbox reads protobuf only for Namespace, ConfigMap, Secret and ServiceAccount, not "
            + kind
            + ": write it with kubectl apply -f "
            + "(or kubectl create ... --dry-run=client -o yaml | kubectl apply -f -)");
  }

  private static void namespace(ProtoReader in, ObjectNode object) {
    while (in.next()) {
      if (in.field() == 1) object.set("metadata", metadata(in.message()));
      else in.skip();
    }
  }

  private static void configMap(ProtoReader in, ObjectNode object) {
    while (in.next()) {
      switch (in.field()) {
        case 1 -> object.set("metadata", metadata(in.message()));
        case 2 -> entry(in.message(), object.withObject("/data"), false);
        case 3 -> entry(in.message(), object.withObject("/binaryData"), true);
        case 4 -> object.put("immutable", in.bool());
        default -> in.skip();
      }
    }
  }

  private static void secret(ProtoReader in, ObjectNode object) {
    while (in.next()) {
      switch (in.field()) {
        case 1 -> object.set("metadata", metadata(in.message()));
        case 2 -> entry(in.message(), object.withObject("/data"), true);
        case 3 -> putText(object, "type", in.string());
        case 4 -> entry(in.message(), object.withObject("/stringData"), false);
        case 5 -> object.put("immutable", in.bool());
        default -> in.skip();
      }
    }
  }

  private static void serviceAccount(ProtoReader in, ObjectNode object) {
    while (in.next()) {
      switch (in.field()) {
        case 1 -> object.set("metadata", metadata(in.message()));
        case 3 -> {
          ProtoReader reference = in.message();
          while (reference.next()) {
            if (reference.field() == 1) {
              object.withArray("/imagePullSecrets").addObject().put("name", reference.string());
            } else {
              reference.skip();
            }
          }
        }
        case 4 -> object.put("automountServiceAccountToken", in.bool());
        default -> in.skip();
      }
    }
  }

  private static ObjectNode metadata(ProtoReader in) {
    ObjectNode metadata = JSON.objectNode();
    while (in.next()) {
      switch (in.field()) {
        case 1 -> putText(metadata, "name", in.string());
        case 2 -> putText(metadata, "generateName", in.string());
        case 3 -> putText(metadata, "namespace", in.string());
        case 11 -> entry(in.message(), metadata.withObject("/labels"), false);
        case 12 -> entry(in.message(), metadata.withObject("/annotations"), false);
        case 14 -> metadata.withArray("/finalizers").add(in.string());
        default -> in.skip();
      }
    }
    return metadata;
  }

  /** Proto3 writes unset strings as empty; JSON leaves them out. */
  private static void putText(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static void entry(ProtoReader in, ObjectNode target, boolean binary) {
    String key = "";
    String value = "";
    while (in.next()) {
      if (in.field() == 1) key = in.string();
      else if (in.field() == 2)
        value = binary ? Base64.getEncoder().encodeToString(in.bytes()) : in.string();
      else in.skip();
    }
    target.put(key, value);
  }
}
