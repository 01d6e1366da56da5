package dev.dewy.sandbox.kubelet;

import dev.dewy.sandbox.PodLogs;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps what host-run pods wrote, so the API can serve it as {@code pods/log}. */
public final class PodLogStore implements PodLogs {

  private final Map<String, StringBuffer> byContainer = new ConcurrentHashMap<>();
  private final Map<String, String> firstContainer = new ConcurrentHashMap<>();

  /** Appends output of one container; chunks arrive in the order the process wrote them. */
  public void append(String namespace, String pod, String container, String chunk) {
    firstContainer.putIfAbsent(namespace + "/" + pod, container);
    byContainer
        .computeIfAbsent(key(namespace, pod, container), k -> new StringBuffer())
        .append(chunk);
  }

  /** Drops a deleted pod's output, as the node drops a deleted pod's log files. */
  public void forget(String namespace, String pod) {
    String prefix = namespace + "/" + pod + "/";
    byContainer.keySet().removeIf(key -> key.startsWith(prefix));
    firstContainer.remove(namespace + "/" + pod);
  }

  @Override
  public Optional<String> logs(String namespace, String pod, String container) {
    String name = container != null ? container : firstContainer.get(namespace + "/" + pod);
    if (name == null) {
      return Optional.empty();
    }
    StringBuffer log = byContainer.get(key(namespace, pod, name));
    return log == null ? Optional.empty() : Optional.of(log.toString());
  }

  private static String key(String namespace, String pod, String container) {
    return namespace + "/" + pod + "/" + container;
  }
}
