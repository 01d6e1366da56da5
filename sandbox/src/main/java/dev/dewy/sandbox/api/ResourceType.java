package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What the API knows about one kind of resource: names, scope and behaviour of its writes. */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource,
    List<JsonNode> printerColumns,
    JsonNode schema) {

  /** The apiVersion string objects of this type carry. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** Storage key: versions of one group and plural share their objects. */
  public String storageKey() {
    // events.k8s.io/v1 Events are core/v1 Events seen otherwise (EventVersions)
    return group.equals("events.k8s.io") && plural.equals("events")
        ? "/events"
        : group + "/" + plural;
  }

  public boolean isCustom() {
    return schema != null;
  }

  static ResourceType builtIn(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      boolean status,
      String... shortNames) {
    return new ResourceType(
        group,
        version,
        plural,
        kind.toLowerCase(),
        kind,
        namespaced,
        List.of(shortNames),
        List.of(),
        status,
        List.of(),
        null);
  }
}
