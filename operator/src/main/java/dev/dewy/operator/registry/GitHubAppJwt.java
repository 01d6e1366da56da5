package dev.dewy.operator.registry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The JWT a GitHub App signs to ask for an installation token: RS256, issued by the App id, dated a
 * minute back for clock drift and valid for nine minutes (GitHub accepts at most ten).
 */
final class GitHubAppJwt {
  static final Duration BACKDATE = Duration.ofSeconds(60);
  static final Duration LIFETIME = Duration.ofMinutes(9);

  private GitHubAppJwt() {}

  /** The signed, serialized JWT for {@code appId}; {@code pem} is PKCS#1 or PKCS#8. */
  static String sign(String appId, String pem, Instant now) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(appId)
            .issueTime(Date.from(now.minus(BACKDATE)))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    try {
      jwt.sign(new RSASSASigner(privateKey(pem)));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("cannot sign with it (" + e.getMessage() + ")", e);
    }
    return jwt.serialize();
  }

  /** The key of a PEM as GitHub hands it out (BEGIN RSA PRIVATE KEY) or as PKCS#8. */
  static PrivateKey privateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem.replace("\\n", "\n")))) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException | RuntimeException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "is not a PEM RSA private key (expected the .pem file GitHub generated for the App,"
            + " beginning with -----BEGIN RSA PRIVATE KEY-----)");
  }
}
