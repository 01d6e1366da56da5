package dev.dewy.sandbox.kubelet;

import dev.dewy.sandbox.PodLogs;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps what host-run pods wrote, so the API can serve it as {@code pods/log}. */
public final class PodLogStore implements PodLogs {

  private final Map<String, StringBuffer> byContainer = new ConcurrentHashMap<>();
  private final Map<String, String> defaultContainer = new ConcurrentHashMap<>();
  private final Set<String> complete = ConcurrentHashMap.newKeySet();

  /** Names the container whose log a request without a container name gets. */
  public void defaultContainer(String namespace, String pod, String container) {
    defaultContainer.put(namespace + "/" + pod, container);
  }

  /** Appends output of one container; chunks arrive in the order the process wrote them. */
  public void append(String namespace, String pod, String container, String chunk) {
    defaultContainer.putIfAbsent(namespace + "/" + pod, container);
    byContainer
        .computeIfAbsent(key(namespace, pod, container), k -> new StringBuffer())
        .append(chunk);
  }

  /** Marks a container's output as ended: it exited, so a follower can stop. */
  public void complete(String namespace, String pod, String container) {
    complete.add(key(namespace, pod, container));
  }

  /** Whether the container has exited, so that nothing more will be appended. */
  public boolean isComplete(String namespace, String pod, String container) {
    return complete.contains(key(namespace, pod, container));
  }

  /**
   * Starts a restarted container's log afresh: {@code kubectl logs} shows the running instance's
   * output, as kubelet keeps one log per container instance.
   */
  public void reset(String namespace, String pod, String container) {
    byContainer.remove(key(namespace, pod, container));
    complete.remove(key(namespace, pod, container));
  }

  /** Drops a deleted pod's output, as the node drops a deleted pod's log files. */
  public void forget(String namespace, String pod) {
    String prefix = namespace + "/" + pod + "/";
    byContainer.keySet().removeIf(key -> key.startsWith(prefix));
    complete.removeIf(key -> key.startsWith(prefix));
    defaultContainer.remove(namespace + "/" + pod);
  }

  @Override
  public Optional<String> logs(String namespace, String pod, String container) {
    String name = container != null ? container : defaultContainer.get(namespace + "/" + pod);
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
