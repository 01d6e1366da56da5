package dev.dewy.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The sandbox's one credential: a random bearer token, written into its kubeconfig only. As
 * kube-apiserver with anonymous requests disabled answers, a request without it, or with any other
 * credential, is refused with 401 Unauthorized; the health and version endpoints that
 * kube-apiserver shows to everyone stay open.
 */
public final class BearerToken {
  private static final Set<String> PUBLIC_PATHS =
      Set.of("/healthz", "/livez", "/readyz", "/version");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] expected;
  private final String value;

  private BearerToken(String value) {
    this.value = value;
    this.expected = ("Bearer " + value).getBytes(StandardCharsets.UTF_8);
  }

  /** A fresh token of 256 random bits. */
  public static BearerToken random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new BearerToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The token, for the kubeconfig and the sandbox's own clients. */
  public String value() {
    return value;
  }

  /**
   * Whether a request to {@code path} with this {@code Authorization} header (null when absent) is
   * let in.
   */
  boolean admits(String path, String authorization) {
    if (authorization == null) {
      return PUBLIC_PATHS.contains(path);
    }
    return MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8));
  }

  /** The answer kube-apiserver gives a request it cannot authenticate. */
  static ApiException unauthorized() {
    return new ApiException(401, "Unauthorized", "Unauthorized");
  }
}
