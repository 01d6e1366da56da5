package dev.dewy.operator.api;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.Map;

/**
 * Describes the fields of embedded Kubernetes types (EnvVar and all under it) with Kubernetes' own
 * words: fabric8's generator copies our {@code @JsonPropertyDescription}s, but its model classes
 * carry none, so {@code kubectl explain} went silent below {@code spec.hooks.*.env}. The API
 * classes tell which schema node is which Java type; each fabric8 core type is looked up in {@link
 * KubernetesOpenApi} by its name and its descriptions are copied down the schema.
 */
final class EmbeddedDescriptions {
  private static final String FABRIC8_CORE = "io.fabric8.kubernetes.api.model";

  private final ObjectMapper mapper = new ObjectMapper();
  private final KubernetesOpenApi openApi;

  EmbeddedDescriptions(KubernetesOpenApi openApi) {
    this.openApi = openApi;
  }

  /** Fills in what {@code node}, the schema of our API class {@code type}, leaves undescribed. */
  void describe(Class<?> type, JSONSchemaProps node) {
    describeValue(mapper.constructType(type), node);
  }

  private void describeValue(JavaType type, JSONSchemaProps node) {
    if (node == null) {
      return;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      describeValue(
          type.getContentType(), node.getItems() == null ? null : node.getItems().getSchema());
    } else if (type.isMapLikeType()) {
      if (node.getAdditionalProperties() != null) {
        describeValue(type.getContentType(), node.getAdditionalProperties().getSchema());
      }
    } else if (type.getRawClass().getPackageName().equals(FABRIC8_CORE)) {
      String name = type.getRawClass().getSimpleName();
      JsonNode schema =
          openApi
              .coreType(name)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "io.k8s.api.core.v1." + name + " is not in Kubernetes' core OpenAPI"));
      fromOpenApi(schema, node);
    } else if (type.getRawClass().getPackageName().startsWith("dev.dewy.operator.api")) {
      BeanDescription bean = mapper.getSerializationConfig().introspect(type);
      Map<String, JSONSchemaProps> properties = node.getProperties();
      for (BeanPropertyDefinition property : bean.findProperties()) {
        if (properties != null && properties.containsKey(property.getName())) {
          describeValue(property.getPrimaryType(), properties.get(property.getName()));
        }
      }
    }
  }

  private void fromOpenApi(JsonNode schema, JSONSchemaProps node) {
    if (node == null) {
      return;
    }
    if (node.getDescription() == null && schema.hasNonNull("description")) {
      node.setDescription(schema.get("description").asText());
    }
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> child : node.getProperties().entrySet()) {
        JsonNode property = schema.path("properties").path(child.getKey());
        if (property.isMissingNode()) {
          continue;
        }
        if (child.getValue().getDescription() == null && property.hasNonNull("description")) {
          child.getValue().setDescription(property.get("description").asText());
        }
        fromOpenApi(openApi.resolve(property), child.getValue());
      }
    }
    if (node.getItems() != null && schema.has("items")) {
      fromOpenApi(openApi.resolve(schema.get("items")), node.getItems().getSchema());
    }
    if (node.getAdditionalProperties() != null && schema.path("additionalProperties").isObject()) {
      fromOpenApi(
          openApi.resolve(schema.get("additionalProperties")),
          node.getAdditionalProperties().getSchema());
    }
  }
}
