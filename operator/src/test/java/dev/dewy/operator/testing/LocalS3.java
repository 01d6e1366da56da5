package dev.dewy.operator.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A real S3-compatible server for tests: the npm package s3rver (.ci/install-s3rver installs it) on
 * 127.0.0.1 and a free port, over a temp dir, with one bucket. It checks request signatures against
 * its fixed keys, {@link #ACCESS_KEY_ID} / {@link #SECRET_ACCESS_KEY}.
 *
 * <p>Use as {@code @RegisterExtension static final LocalS3 s3 = new LocalS3("releases");}.
 */
public final class LocalS3 implements BeforeAllCallback, AfterAllCallback {
  public static final Path BINARY = Path.of("../.tools/bin/s3rver").toAbsolutePath();
  public static final String ACCESS_KEY_ID = "S3RVER";
  public static final String SECRET_ACCESS_KEY = "S3RVER";
  public static final String REGION = "us-east-1";
  private static final Pattern LISTENING = Pattern.compile("S3rver listening on ([^:]+):(\\d+)");

  private final String bucket;
  private Path dir;

  /** s3rver's log line for each ListObjects call, with its options as JSON. */
  private static final Pattern LISTING =
      Pattern.compile("Fetched bucket \"[^\"]+\" with options (\\{.*\\})");

  private final java.util.List<String> listings = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Process process;
  private URI endpoint;
  private S3Client client;

  public LocalS3(String bucket) {
    this.bucket = bucket;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: install it with .ci/install-s3rver");
    }
    dir = Files.createTempDirectory("s3rver");
    process =
        new ProcessBuilder(
                BINARY.toString(),
                "-d",
                dir.toString(),
                "-a",
                "127.0.0.1",
                "-p",
                "0",
                "--configure-bucket",
                bucket)
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    while (endpoint == null) {
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("s3rver exited before listening: " + process.waitFor());
      }
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        endpoint = URI.create("http://" + m.group(1) + ":" + m.group(2));
      }
    }
    Thread drain =
        new Thread(
            () -> {
              try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  Matcher listing = LISTING.matcher(line);
                  if (listing.find()) {
                    listings.add(listedPrefix(listing.group(1)));
                  }
                }
              } catch (IOException e) {
                // the server stopped
              }
            },
            "s3rver-output");
    drain.setDaemon(true);
    drain.start();
    client =
        S3Client.builder()
            .region(Region.of(REGION))
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .httpClient(UrlConnectionHttpClient.create())
            // s3rver stores aws-chunked uploads (signed chunks over http, trailing checksums)
            // verbatim, framing and all
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
            .build();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (client != null) {
      client.close();
    }
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
    if (dir != null) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  /** The registry URL of {@code prefix} in the bucket, with endpoint= and more {@code query}. */
  public String url(String prefix, String query) {
    return "s3://%s/%s/%s?endpoint=%s%s"
        .formatted(REGION, bucket, prefix, endpoint, query.isEmpty() ? "" : "&" + query);
  }

  /** Uploads {@code body} as {@code key}. */
  public void put(String key, byte[] body) {
    client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
  }

  /**
   * How many object listings the server logged so far for a prefix starting with {@code prefix}:
   * what polling costs, counted where the requests arrive.
   */
  public long listings(String prefix) {
    return listings.stream().filter(p -> p.startsWith(prefix)).count();
  }

  public void resetListings() {
    listings.clear();
  }

  private static String listedPrefix(String options) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(options)
          .path("prefix")
          .asText("");
    } catch (IOException e) {
      return "";
    }
  }

  /** An object as a client sees it: its key, content type and size. */
  public record StoredObject(String key, String contentType, long size) {}

  /** The objects under {@code prefix}, with their content types, in key order. */
  public java.util.List<StoredObject> objects(String prefix) {
    return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
        .map(
            o ->
                new StoredObject(
                    o.key(),
                    client.headObject(h -> h.bucket(bucket).key(o.key())).contentType(),
                    o.size()))
        .toList();
  }

  /** Uploads the file {@code file} as {@code key}. */
  public void put(String key, Path file) {
    try {
      put(key, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
