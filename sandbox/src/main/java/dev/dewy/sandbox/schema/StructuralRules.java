package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/**
 * The structural-schema invariants of the apiextensions server (types everywhere, metadata only
 * restricted by name and generateName, embedded resources as objects, nothing structural inside
 * {@code anyOf}/{@code allOf}/{@code oneOf}/{@code not}), with its wording.
 */
final class StructuralRules {

  private enum Level {
    ROOT,
    ITEM,
    FIELD
  }

  private static final Set<String> METADATA_ALLOWED_KEYS = Set.of("type", "default", "properties");

  private final List<FieldError> errors = new ArrayList<>();

  private StructuralRules() {}

  static List<FieldError> check(SchemaNode schema, String path) {
    StructuralRules rules = new StructuralRules();
    rules.visit(schema, Level.ROOT, path);
    return rules.errors;
  }

  private void visit(SchemaNode s, Level level, String path) {
    String type = s.type();
    if (type.equals("array") && s.items().isEmpty()) {
      errors.add(FieldError.required(at(path, "items"), "must be specified"));
    }
    s.items().ifPresent(items -> visit(items, Level.ITEM, at(path, "items")));
    s.properties().forEach((name, p) -> visit(p, Level.FIELD, key(path, name)));
    if (s.json().has("additionalProperties") && level == Level.ROOT) {
      errors.add(
          FieldError.forbidden(at(path, "additionalProperties"), "must not be used at the root"));
    }
    s.additionalProperties()
        .ifPresent(ap -> visit(ap, Level.FIELD, at(path, "additionalProperties")));
    checkExtensions(s, path);
    errors.addAll(JunctorRules.check(s.json(), path));
    checkPattern(s, path);
    checkType(s, level, path);
    checkResourceHeader(s, level, path);
    if (s.embeddedResource() && !s.preserveUnknownFields() && s.properties().isEmpty()) {
      errors.add(
          FieldError.required(
              at(path, "properties"),
              "must not be empty if x-kubernetes-embedded-resource is true without"
                  + " x-kubernetes-preserve-unknown-fields"));
    }
  }

  private void checkExtensions(SchemaNode s, String path) {
    if (s.intOrString() && s.preserveUnknownFields()) {
      invalid(
          at(path, "x-kubernetes-preserve-unknown-fields"),
          "true",
          "must be false if x-kubernetes-int-or-string is true");
    }
    if (s.intOrString() && s.embeddedResource()) {
      invalid(
          at(path, "x-kubernetes-embedded-resource"),
          "true",
          "must be false if x-kubernetes-int-or-string is true");
    }
  }

  private void checkType(SchemaNode s, Level level, String path) {
    String type = s.type();
    if (s.embeddedResource() && !type.equals("object")) {
      String detail = "must be object if x-kubernetes-embedded-resource is true";
      if (type.isEmpty()) {
        errors.add(FieldError.required(at(path, "type"), detail));
      } else {
        invalid(at(path, "type"), GoText.quote(type), detail);
      }
    } else if (type.isEmpty() && !s.intOrString() && !s.preserveUnknownFields()) {
      String detail =
          switch (level) {
            case ROOT -> "must not be empty at the root";
            case ITEM -> "must not be empty for specified array items";
            case FIELD -> "must not be empty for specified object fields";
          };
      errors.add(FieldError.required(at(path, "type"), detail));
    }
    if (s.embeddedResource() && s.json().has("additionalProperties")) {
      errors.add(
          FieldError.forbidden(
              at(path, "additionalProperties"),
              "must not be used if x-kubernetes-embedded-resource is set"));
    }
    if (level == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
      invalid(at(path, "type"), GoText.quote(type), "must be object at the root");
    }
  }

  private void checkResourceHeader(SchemaNode s, Level level, String path) {
    if (level != Level.ROOT && !s.embeddedResource()) {
      return;
    }
    s.property("kind")
        .filter(k -> !k.type().equals("string"))
        .ifPresent(
            k -> invalid(key(path, "kind") + ".type", GoText.quote(k.type()), "must be string"));
    s.property("apiVersion")
        .filter(k -> !k.type().equals("string"))
        .ifPresent(
            k ->
                invalid(
                    key(path, "apiVersion") + ".type", GoText.quote(k.type()), "must be string"));
    s.property("metadata")
        .filter(k -> !k.type().equals("object"))
        .ifPresent(
            k ->
                invalid(key(path, "metadata") + ".type", GoText.quote(k.type()), "must be object"));
    if (level == Level.ROOT) {
      s.property("metadata")
          .filter(m -> !onlyNamesRestricted(m))
          .ifPresent(
              m ->
                  errors.add(
                      FieldError.forbidden(
                          key(path, "metadata"),
                          "must not specify anything other than name and generateName, but metadata is"
                              + " implicitly specified")));
    }
  }

  /** Root metadata may only be typed and restrict exactly name and/or generateName. */
  private static boolean onlyNamesRestricted(SchemaNode metadata) {
    var keys = new ArrayList<String>();
    metadata.json().fieldNames().forEachRemaining(keys::add);
    if (!METADATA_ALLOWED_KEYS.containsAll(keys)) {
      return false;
    }
    var names = metadata.properties().keySet();
    return names.isEmpty() || Set.of("name", "generateName").containsAll(names);
  }

  private void checkPattern(SchemaNode s, String path) {
    JsonNode pattern = s.keyword("pattern");
    if (pattern == null) {
      return;
    }
    try {
      Patterns.compile(pattern.asText());
    } catch (PatternSyntaxException e) {
      invalid(
          at(path, "pattern"),
          GoText.quote(pattern.asText()),
          "must be a valid regular expression, but isn't: " + e.getDescription());
    }
  }

  private void invalid(String field, String shownValue, String detail) {
    errors.add(FieldError.withValue(FieldError.Type.INVALID, field, shownValue, detail));
  }

  private static String at(String path, String name) {
    return SchemaNode.child(path, name);
  }

  private static String key(String path, String name) {
    return path + ".properties[" + name + "]";
  }
}
