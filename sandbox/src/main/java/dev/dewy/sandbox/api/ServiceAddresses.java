package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * A Service's cluster IP, allocated at create from 10.96.0.0/12 as kube-apiserver allocates it from
 * its service range (an address nothing routes to, here), with the IP family fields the server
 * sets; kept across updates that leave it out. Headless ({@code None}) and ExternalName services
 * get none.
 */
final class ServiceAddresses {
  private static final String[] ALLOCATED = {
    "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"
  };

  private ServiceAddresses() {}

  static void allocate(ObjectStore store, ObjectNode service) {
    ObjectNode spec = service.withObject("/spec");
    if (spec.path("type").asText().equals("ExternalName")) {
      return;
    }
    String ip = spec.path("clusterIP").asText("");
    if (ip.isEmpty()) {
      ip = free(store);
      spec.put("clusterIP", ip);
    }
    if (!spec.has("clusterIPs")) {
      spec.putArray("clusterIPs").add(ip);
    }
    if (!ip.equals("None") && !spec.has("ipFamilies")) {
      spec.putArray("ipFamilies").add("IPv4");
    }
    if (!spec.has("ipFamilyPolicy")) {
      spec.put("ipFamilyPolicy", "SingleStack");
    }
  }

  /** What an update leaves out of the allocated fields is kept, as the server keeps it. */
  static void keep(JsonNode current, ObjectNode next) {
    ObjectNode spec = next.withObject("/spec");
    for (String field : ALLOCATED) {
      JsonNode old = current.path("spec").get(field);
      if (old != null && (!spec.hasNonNull(field) || spec.path(field).asText("x").isEmpty())) {
        spec.set(field, old.deepCopy());
      }
    }
  }

  private static String free(ObjectStore store) {
    Set<String> used = new HashSet<>();
    store.list("/services", null).forEach(s -> used.add(s.path("spec").path("clusterIP").asText()));
    for (int i = 10; i < (1 << 20); i++) {
      String ip = "10." + (96 + (i >> 16)) + "." + ((i >> 8) & 255) + "." + (i & 255);
      if ((i & 255) != 0 && !used.contains(ip)) {
        return ip;
      }
    }
    throw new ApiException(500, "InternalError", "no cluster IP is left in 10.96.0.0/12");
  }
}
