package dev.dewy.sandbox.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The sandbox's self-signed TLS certificate for 127.0.0.1 and localhost, made once per JVM. TLS is
 * what makes the token usable: kubectl sends a kubeconfig's credentials over TLS only.
 */
public final class ServingCertificate {
  private static final ServingCertificate INSTANCE = create();

  private final String certificatePem;
  private final String keyPem;

  private ServingCertificate(String certificatePem, String keyPem) {
    this.certificatePem = certificatePem;
    this.keyPem = keyPem;
  }

  public static ServingCertificate get() {
    return INSTANCE;
  }

  /** The certificate in PEM: the CA that clients of the sandbox trust. */
  public String certificatePem() {
    return certificatePem;
  }

  /** The certificate as kubeconfig's {@code certificate-authority-data} and fabric8 take it. */
  public String certificateData() {
    return Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII));
  }

  PemKeyCertOptions serverOptions() {
    return new PemKeyCertOptions()
        .setCertValue(Buffer.buffer(certificatePem))
        .setKeyValue(Buffer.buffer(keyPem));
  }

  private static ServingCertificate create() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair key = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=dewy-sandbox");
      Instant now = Instant.now();
      X509CertificateHolder certificate =
          new JcaX509v3CertificateBuilder(
                  subject,
                  new BigInteger(64, new SecureRandom()),
                  Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(Duration.ofDays(365))),
                  subject,
                  key.getPublic())
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(
                      new GeneralName[] {
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.dNSName, "localhost")
                      }))
              // its own CA, as a kubeconfig's certificate-authority-data names it
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
      return new ServingCertificate(
          pem("CERTIFICATE", certificate.getEncoded()),
          pem("PRIVATE KEY", key.getPrivate().getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new IllegalStateException("cannot make the sandbox's TLS certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
