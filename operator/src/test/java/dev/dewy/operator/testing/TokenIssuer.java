package dev.dewy.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Mints the RS256 JWTs the distribution registry accepts from a token service: signed with a
 * self-signed key made by the JDK's keytool, whose certificate the registry trusts as its
 * rootcertbundle and finds again in each token's x5c header.
 */
final class TokenIssuer {
  static final String ISSUER = "dewy-test-token-issuer";
  private static final String PASSWORD = "dewy-test";

  private final PrivateKey key;
  private final X509Certificate certificate;
  private final String service;

  private TokenIssuer(PrivateKey key, X509Certificate certificate, String service) {
    this.key = key;
    this.certificate = certificate;
    this.service = service;
  }

  /**
   * Makes a key pair and certificate in {@code dir} with keytool, for tokens for {@code service}.
   */
  static TokenIssuer create(Path dir, String service) {
    Path keystore = dir.resolve("token-signing.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    try {
      Process run =
          new ProcessBuilder(
                  keytool,
                  "-genkeypair",
                  "-alias",
                  "token",
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-sigalg",
                  "SHA256withRSA",
                  "-dname",
                  "CN=dewy-test-token-issuer",
                  "-validity",
                  "3",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  keystore.toString(),
                  "-storepass",
                  PASSWORD,
                  "-keypass",
                  PASSWORD)
              .redirectErrorStream(true)
              .start();
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (run.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, PASSWORD.toCharArray());
      }
      return new TokenIssuer(
          (PrivateKey) store.getKey("token", PASSWORD.toCharArray()),
          (X509Certificate) store.getCertificate("token"),
          service);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the certificate as PEM, for the registry's auth.token.rootcertbundle. */
  Path writeCertificate(Path file) {
    try {
      String pem =
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(certificate.getEncoded())
              + "\n-----END CERTIFICATE-----\n";
      return Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A token letting {@code subject} do {@code actions} (e.g. "pull","push") on {@code repository}.
   */
  String mint(String subject, String repository, Instant now, String... actions) {
    try {
      String header =
          "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"%s\"]}"
              .formatted(Base64.getEncoder().encodeToString(certificate.getEncoded()));
      StringBuilder quoted = new StringBuilder();
      for (String action : actions) {
        quoted.append(quoted.length() == 0 ? "" : ",").append('"').append(action).append('"');
      }
      String claims =
          ("{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":%d,\"nbf\":%d,\"iat\":%d,"
                  + "\"jti\":\"%s\",\"access\":[{\"type\":\"repository\",\"name\":\"%s\","
                  + "\"actions\":[%s]}]}")
              .formatted(
                  ISSUER,
                  subject,
                  service,
                  now.getEpochSecond() + 300,
                  now.getEpochSecond() - 10,
                  now.getEpochSecond(),
                  UUID.randomUUID(),
                  repository,
                  quoted);
      String signed = base64Url(header) + "." + base64Url(claims);
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
