package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A finished answer: status code and either a JSON document or plain text. */
public record ApiResponse(int code, JsonNode json, String text) {
  public static ApiResponse json(int code, JsonNode json) {
    return new ApiResponse(code, json, null);
  }

  public static ApiResponse text(String text) {
    return new ApiResponse(200, null, text);
  }
}
