package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test data: the DewyDeployment-like CRD and object, and path edits to derive cases from them. */
final class Fixtures {

  static final String SCHEMA_PATH = "spec.versions[0].schema.openAPIV3Schema";

  private static final YAMLMapper YAML = new YAMLMapper();

  private Fixtures() {}

  /** The whole CRD, a fresh copy each call. */
  static ObjectNode crd() {
    return (ObjectNode) resource("/schema/dewydeployments.dewy.dev.yaml");
  }

  static CustomResourceSchema schema() {
    return CustomResourceSchema.of(at(crd(), SCHEMA_PATH));
  }

  /** A valid DewyDeployment named myapp, a fresh copy each call. */
  static ObjectNode myapp() {
    return (ObjectNode) resource("/schema/myapp.yaml");
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets {@code path} (dots and [i]) to a YAML value, creating objects on the way. */
  static ObjectNode with(ObjectNode root, String path, String yamlValue) {
    return with(root, path, yaml(yamlValue));
  }

  static ObjectNode with(ObjectNode root, String path, JsonNode value) {
    int cut = lastSeparator(path);
    JsonNode parent = cut < 0 ? root : create(root, path.substring(0, cut));
    String last = path.substring(cut + 1);
    if (last.endsWith("]")) {
      ArrayNode array = (ArrayNode) parent.get(last.substring(0, last.indexOf('[')));
      int i = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1));
      while (array.size() <= i) {
        array.addNull();
      }
      array.set(i, value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
    return root;
  }

  static ObjectNode without(ObjectNode root, String path) {
    int cut = lastSeparator(path);
    ((ObjectNode) at(root, path.substring(0, cut))).remove(path.substring(cut + 1));
    return root;
  }

  /** The node at a path such as {@code spec.hooks.beforeDeploy.env[0]}. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      node = node.path(bracket < 0 ? segment : segment.substring(0, bracket));
      if (bracket >= 0) {
        node = node.path(Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1)));
      }
    }
    return node;
  }

  private static JsonNode create(ObjectNode root, String path) {
    JsonNode node = root;
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      if (bracket >= 0) {
        node = node.path(segment.substring(0, bracket));
        node = node.path(Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1)));
      } else {
        JsonNode next = node.get(segment);
        node = next != null && next.isObject() ? next : ((ObjectNode) node).putObject(segment);
      }
    }
    return node;
  }

  private static int lastSeparator(String path) {
    return path.lastIndexOf('.');
  }

  private static JsonNode resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      return YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
