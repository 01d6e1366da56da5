package dev.dewy.sandbox.image;

/** A user name and password for one registry, as a {@code dockerconfigjson} Secret holds them. */
public record RegistryCredentials(String username, String password) {
  @Override
  public String toString() {
    return "RegistryCredentials[" + username + ", password hidden]";
  }
}
