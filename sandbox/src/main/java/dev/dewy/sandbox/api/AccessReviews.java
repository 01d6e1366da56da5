package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code authorization.k8s.io/v1} {@code selfsubjectaccessreviews} and {@code
 * selfsubjectrulesreviews}, create only, as kube-apiserver answers them for a user with every
 * right: the sandbox authorizes every request, so every review allows. JOSDK checks its lease
 * rights with a rules review before it elects a leader; {@code kubectl auth can-i} sends both.
 */
final class AccessReviews {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String GROUP = "authorization.k8s.io";

  private AccessReviews() {}

  static final ResourceType ACCESS =
      ResourceType.builtIn(
          GROUP, "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, false);
  static final ResourceType RULES =
      ResourceType.builtIn(
          GROUP, "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, false);

  /** Whether the type is one of the reviews, which are created and answered, never stored. */
  static boolean serves(ResourceType type) {
    return type.group().equals(GROUP);
  }

  static ApiResponse answer(ApiRequest request, ResourceType type, ObjectNode body) {
    if (!request.method().equals("POST") || !request.path().isCollection()) {
      throw ApiException.withDetails(
          405,
          "MethodNotAllowed",
          "the server does not allow this method on the requested resource",
          ApiException.noDetails());
    }
    ObjectNode review = JSON.objectNode();
    review.put("kind", type.kind()).put("apiVersion", type.apiVersion());
    review.putObject("metadata");
    if (type.plural().equals(ACCESS.plural())) {
      review.set(
          "spec", body.path("spec").isObject() ? body.get("spec").deepCopy() : JSON.objectNode());
      review.putObject("status").put("allowed", true);
    } else {
      // kube-apiserver answers a rules review with an empty spec
      review.putObject("spec");
      ObjectNode status = review.putObject("status");
      ObjectNode resources = status.putArray("resourceRules").addObject();
      all(resources, "verbs");
      all(resources, "apiGroups");
      all(resources, "resources");
      ObjectNode nonResources = status.putArray("nonResourceRules").addObject();
      all(nonResources, "verbs");
      all(nonResources, "nonResourceURLs");
      status.put("incomplete", false);
    }
    return ApiResponse.json(201, review);
  }

  private static void all(ObjectNode rule, String field) {
    ArrayNode values = rule.putArray(field);
    values.add("*");
  }
}
