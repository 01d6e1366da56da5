package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;

/** A short stable hash of a pod template, as in {@code pod-template-hash} and revision names. */
public final class TemplateHash {

  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private TemplateHash() {}

  /**
   * The hash of the template's content: keys are sorted first, so a template that comes back with
   * its fields in another order (as {@code kubectl rollout undo} writes it) hashes the same.
   */
  public static String of(PodTemplateSpec template) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : canonical(template).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    StringBuilder out = new StringBuilder();
    long value = hash & Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      out.append(ALPHABET.charAt((int) (value % ALPHABET.length())));
      value /= ALPHABET.length();
    }
    return out.toString();
  }

  private static String canonical(PodTemplateSpec template) {
    try {
      Object tree =
          SORTED.treeToValue(Serialization.jsonMapper().valueToTree(template), Object.class);
      return SORTED.writeValueAsString(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper SORTED =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
}
