package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps Secret values out of what the operator records about a hook. A hook that prints a
 * Secret-sourced variable (or a mounted Secret file) would otherwise carry it into status, events,
 * logs and notifications; the values of every Secret the hook pod references are replaced by
 * {@value #MARK} before any of those see the output.
 */
final class SecretRedactor {
  static final String MARK = "[redacted]";

  /** Shorter values would blank out ordinary words ("on", "yes"); such Secrets protect little. */
  static final int MIN_LENGTH = 4;

  private static final String ALL_KEYS = "*";

  private SecretRedactor() {}

  /** Redacts {@code text} with the values of the Secrets {@code job}'s pod references. */
  static String redact(Secrets secrets, Job job, String text) {
    if (text == null || text.isEmpty() || job == null) {
      return text;
    }
    return redact(text, values(secrets, references(job.getSpec().getTemplate().getSpec())));
  }

  /** Secret name to the keys the pod reads from it ({@value #ALL_KEYS}: all of them). */
  static Map<String, Set<String>> references(PodSpec pod) {
    Map<String, Set<String>> refs = new HashMap<>();
    List<Container> containers =
        new ArrayList<>(Optional.ofNullable(pod.getContainers()).orElse(List.of()));
    containers.addAll(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()));
    for (Container container : containers) {
      for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
        if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
          var ref = env.getValueFrom().getSecretKeyRef();
          refs.computeIfAbsent(ref.getName(), n -> new HashSet<>()).add(ref.getKey());
        }
      }
      for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
        if (from.getSecretRef() != null) {
          refs.computeIfAbsent(from.getSecretRef().getName(), n -> new HashSet<>()).add(ALL_KEYS);
        }
      }
    }
    for (Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
      if (volume.getSecret() != null) {
        refs.computeIfAbsent(volume.getSecret().getSecretName(), n -> new HashSet<>())
            .add(ALL_KEYS);
      }
    }
    return refs;
  }

  /** Every occurrence of every value (longest first, so no value is left half-hidden). */
  static String redact(String text, Set<String> values) {
    List<String> ordered =
        values.stream()
            .filter(v -> v.length() >= MIN_LENGTH)
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    String redacted = text;
    for (String value : ordered) {
      redacted = redacted.replace(value, MARK);
      String trimmed = value.strip();
      if (!trimmed.equals(value) && trimmed.length() >= MIN_LENGTH) {
        redacted = redacted.replace(trimmed, MARK);
      }
    }
    return redacted;
  }

  private static Set<String> values(Secrets secrets, Map<String, Set<String>> refs) {
    Set<String> values = new HashSet<>();
    refs.forEach(
        (name, keys) -> {
          Secret secret = secrets.get(name).orElse(null);
          if (secret == null || secret.getData() == null) {
            return;
          }
          secret
              .getData()
              .forEach(
                  (key, encoded) -> {
                    if (keys.contains(ALL_KEYS) || keys.contains(key)) {
                      values.add(
                          new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
                    }
                  });
        });
    return values;
  }
}
