package dev.dewy.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON literals for tests, written with single quotes to stay readable in Java strings. */
public final class TestJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestJson() {}

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + text, e);
    }
  }
}
