package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;

/** A short stable hash of a pod template, as in {@code pod-template-hash} and revision names. */
public final class TemplateHash {

  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private TemplateHash() {}

  public static String of(PodTemplateSpec template) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : Serialization.asJson(template).getBytes(StandardCharsets.UTF_8)) {
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
}
