package dev.dewy.operator.registry;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The AWS SDK's S3 client for an s3:// URL, shared by the registry (listing) and the fetcher
 * (downloading), and the one translation of its errors into words that name the fix.
 */
public final class S3Clients {
  /** The keys a credentialsSecret holds for s3://, the names the AWS tools use. */
  public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";

  public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";

  private S3Clients() {}

  /**
   * A client for {@code url}: path-style against {@code endpoint=} (S3-compatible stores), with
   * {@code credentials} as access key id and secret, else the SDK's default chain.
   */
  public static S3Client open(S3Url url, Optional<RegistryCredentials> credentials) {
    AwsCredentialsProvider provider =
        credentials
            .<AwsCredentialsProvider>map(
                c ->
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.username(), c.password())))
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    var builder =
        S3Client.builder()
            .region(Region.of(url.region()))
            .credentialsProvider(provider)
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(30))
                    .build())
            .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
            // S3-compatible stores do not all know the newer checksum headers; S3 needs none.
            .requestChecksumCalculation(
                software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
    // S3-compatible stores do not all read aws-chunked bodies (s3rver stores the framing as the
    // object), which the SDK sends when it signs an upload over http: a report is signed whole.
    url.endpoint()
        .ifPresent(
            endpoint ->
                builder
                    .endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .serviceConfiguration(
                        software.amazon.awssdk.services.s3.S3Configuration.builder()
                            .chunkedEncodingEnabled(false)
                            .build()));
    return builder.build();
  }

  /**
   * A failed write of {@code key} (the shipping report): denied access names the permission it
   * needs; anything else reads as {@link #failure}.
   */
  public static RegistryException writeFailure(S3Url url, String key, SdkException e) {
    if (e instanceof S3Exception s3 && (s3.statusCode() == 401 || s3.statusCode() == 403)) {
      String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
      return new RegistryException(
          RegistryException.Kind.UNAUTHORIZED,
          ("%s: writing %s was denied (%s); the credentials in spec.credentialsSecret need"
                  + " s3:PutObject on %s/%s*")
              .formatted(
                  where(url),
                  key,
                  code.isEmpty() ? "HTTP " + s3.statusCode() : code,
                  url.bucket(),
                  url.keyPrefix()));
    }
    return failure(url, e);
  }

  /** The URL as messages name it, with the endpoint of an S3-compatible store. */
  private static String where(S3Url url) {
    return url.describe() + url.endpoint().map(ep -> " (at " + ep + ")").orElse("");
  }

  /** An SDK failure as a {@link RegistryException} whose message says what to change. */
  public static RegistryException failure(S3Url url, SdkException e) {
    String where = where(url);
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
      if ("NoSuchBucket".equals(code) || s3.statusCode() == 404) {
        return new RegistryException(
            RegistryException.Kind.NOT_FOUND,
            "%s: bucket \"%s\" does not exist (check the bucket, the region and endpoint=)"
                .formatted(where, url.bucket()));
      }
      if (s3.statusCode() == 401 || s3.statusCode() == 403) {
        return new RegistryException(
            RegistryException.Kind.UNAUTHORIZED,
            ("%s: access denied (%s); check %s and %s in spec.credentialsSecret, and that they"
                    + " may list and read the bucket")
                .formatted(
                    where,
                    code.isEmpty() ? "HTTP " + s3.statusCode() : code,
                    ACCESS_KEY_ID,
                    SECRET_ACCESS_KEY));
      }
      return new RegistryException(
          RegistryException.Kind.PROTOCOL,
          "%s: HTTP %d %s".formatted(where, s3.statusCode(), code));
    }
    String message = String.valueOf(e.getMessage());
    if (e instanceof SdkClientException && message.contains("credentials")) {
      return new RegistryException(
          RegistryException.Kind.UNAUTHORIZED,
          ("%s: no AWS credentials found; set spec.credentialsSecret to a Secret with %s and %s,"
                  + " or give the pods an AWS identity")
              .formatted(where, ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }
    return new RegistryException(RegistryException.Kind.UNREACHABLE, where + ": " + message, e);
  }
}
