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

  /** Keys a value-validation junctor may not carry, with the server's complaint for each. */
  private static final List<String[]> FORBIDDEN_IN_JUNCTORS =
      List.of(
          new String[] {"type", "must be empty to be structural"},
          new String[] {"additionalProperties", "must be undefined to be structural"},
          new String[] {"default", "must be undefined to be structural"},
          new String[] {"title", "must be empty to be structural"},
          new String[] {"description", "must be empty to be structural"},
          new String[] {"nullable", "must be false to be structural"},
          new String[] {"x-kubernetes-preserve-unknown-fields", "must be false to be structural"},
          new String[] {"x-kubernetes-embedded-resource", "must be false to be structural"},
          new String[] {"x-kubernetes-int-or-string", "must be false to be structural"},
          new String[] {"x-kubernetes-list-map-keys", "must be empty to be structural"},
          new String[] {"x-kubernetes-list-type", "must be undefined to be structural"});

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
    checkJunctors(s, path);
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

  private void checkJunctors(SchemaNode s, String path) {
    JsonNode json = s.json();
    if (!isIntOrStringAnyOf(json.get("anyOf"))) {
      junctorList(json.get("anyOf"), at(path, "anyOf"));
    }
    JsonNode allOf = json.get("allOf");
    if (allOf != null && allOf.isArray()) {
      for (int i = 0; i < allOf.size(); i++) {
        String p = at(path, "allOf") + "[" + i + "]";
        nested(allOf.get(i), p, i == 0 && isIntOrStringAnyOf(allOf.get(i).get("anyOf")));
      }
    }
    junctorList(json.get("oneOf"), at(path, "oneOf"));
    if (json.has("not")) {
      nested(json.get("not"), at(path, "not"), false);
    }
  }

  private void junctorList(JsonNode list, String path) {
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        nested(list.get(i), path + "[" + i + "]", false);
      }
    }
  }

  private void nested(JsonNode v, String path, boolean skipAnyOf) {
    if (v == null || !v.isObject()) {
      return;
    }
    if (!skipAnyOf) {
      junctorList(v.get("anyOf"), at(path, "anyOf"));
    }
    junctorList(v.get("allOf"), at(path, "allOf"));
    junctorList(v.get("oneOf"), at(path, "oneOf"));
    if (v.has("not")) {
      nested(v.get("not"), at(path, "not"), false);
    }
    if (v.has("items")) {
      nested(v.get("items"), at(path, "items"), false);
    }
    v.path("properties")
        .fields()
        .forEachRemaining(f -> nested(f.getValue(), key(path, f.getKey()), false));
    for (String[] rule : FORBIDDEN_IN_JUNCTORS) {
      JsonNode value = v.get(rule[0]);
      if (value != null && !(value.isBoolean() && !value.booleanValue())) {
        errors.add(FieldError.forbidden(at(path, rule[0]), rule[1]));
      }
    }
    if (v.path("properties").has("metadata")) {
      errors.add(
          FieldError.forbidden(key(path, "metadata"), "must not be specified in a nested context"));
    }
  }

  private static boolean isIntOrStringAnyOf(JsonNode anyOf) {
    return anyOf != null
        && anyOf.size() == 2
        && anyOf.get(0).size() == 1
        && anyOf.get(0).path("type").asText().equals("integer")
        && anyOf.get(1).size() == 1
        && anyOf.get(1).path("type").asText().equals("string");
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
