package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A finished answer: status code, either a JSON document or plain text, and the values of its
 * {@code Warning} headers.
 */
public record ApiResponse(int code, JsonNode json, String text, List<String> warnings) {
  public ApiResponse {
    warnings = List.copyOf(warnings);
  }

  public static ApiResponse json(int code, JsonNode json) {
    return new ApiResponse(code, json, null, List.of());
  }

  public static ApiResponse text(String text) {
    return text(200, text);
  }

  public static ApiResponse text(int code, String text) {
    return new ApiResponse(code, null, text, List.of());
  }

  public ApiResponse withWarnings(List<String> values) {
    return new ApiResponse(code, json, text, values);
  }
}
