package dev.dewy.operator.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A hook's environment: the target container's env, then the hook's extra env, then Dewy's own
 * variables, each later one replacing an earlier one of the same name. Values from Secrets stay
 * {@code secretKeyRef} references; nothing secret is copied into the Job.
 */
public final class HookEnvironment {
  private HookEnvironment() {}

  /** Everything the hook process will see, in Kubernetes' order (later entries may use earlier). */
  public static List<EnvVar> of(
      Container target,
      List<EnvVar> hookEnv,
      HookKind kind,
      String deployment,
      String registry,
      String version,
      String previousVersion) {
    List<EnvVar> env = new ArrayList<>();
    if (target != null && target.getEnv() != null) {
      target.getEnv().forEach(var -> put(env, new EnvVarBuilder(var).build()));
    }
    if (hookEnv != null) {
      hookEnv.forEach(var -> put(env, new EnvVarBuilder(var).build()));
    }
    put(env, plain("DEWY_VERSION", version));
    put(env, plain("DEWY_PREVIOUS_VERSION", previousVersion));
    put(env, plain("DEWY_HOOK", kind.label()));
    put(env, plain("DEWY_DEPLOYMENT", deployment));
    put(env, plain("DEWY_REGISTRY", withoutUserinfo(registry)));
    return env;
  }

  /**
   * {@code img://user:pass@host/repo} becomes {@code img://host/repo}: hooks never see passwords.
   */
  public static String withoutUserinfo(String url) {
    if (url == null) {
      return "";
    }
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int authorityStart = scheme + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return url;
    }
    return url.substring(0, authorityStart) + url.substring(at + 1);
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value == null ? "" : value).build();
  }

  private static void put(List<EnvVar> env, EnvVar var) {
    env.removeIf(existing -> existing.getName().equals(var.getName()));
    env.add(var);
  }
}
