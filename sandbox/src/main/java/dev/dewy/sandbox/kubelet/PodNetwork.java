package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The addresses pods report: the host's, and each pod's own. */
public interface PodNetwork {

  String hostIp();

  String podIp(Pod pod);

  /** The sandbox's: every pod is the host, 127.0.0.1. */
  PodNetwork LOOPBACK =
      new PodNetwork() {
        @Override
        public String hostIp() {
          return "127.0.0.1";
        }

        @Override
        public String podIp(Pod pod) {
          return "127.0.0.1";
        }
      };

  /**
   * A node's: one address per pod from 10.244.0.0/16, fixed for the pod's life. Nothing listens
   * there (containers run on the host), but EndpointSlices refuse loopback addresses.
   */
  static PodNetwork node(String hostIp) {
    return new PodNetwork() {
      private final AtomicInteger next = new AtomicInteger(2);
      private final Map<String, String> byUid = new ConcurrentHashMap<>();

      @Override
      public String hostIp() {
        return hostIp;
      }

      @Override
      public String podIp(Pod pod) {
        return byUid.computeIfAbsent(
            pod.getMetadata().getUid(),
            uid -> {
              int n = Math.floorMod(next.getAndIncrement() - 2, 65_000) + 2;
              return "10.244." + (n / 256) + "." + (n % 256);
            });
      }
    };
  }
}
