package dev.dewy.operator.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A username and password (or token) for one registry host, from a pull Secret. */
public record RegistryCredentials(String username, String password) {

  /** The value of an {@code Authorization: Basic} header. */
  String basicAuthorization() {
    String pair = username + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** Never prints the password: these records end up in logs and exception messages. */
  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }
}
