package dev.dewy.operator.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fetch command against a real S3-compatible server, as the init container runs it. */
class S3FetchIT {
  @RegisterExtension static final LocalS3 s3 = new LocalS3("releases");

  private static final Map<String, String> KEYS =
      Map.of(
          "AWS_ACCESS_KEY_ID", LocalS3.ACCESS_KEY_ID,
          "AWS_SECRET_ACCESS_KEY", LocalS3.SECRET_ACCESS_KEY);

  @TempDir static Path work;
  @TempDir Path volume;

  @BeforeAll
  static void publish() throws Exception {
    Path archive =
        TestArchives.write(work.resolve("myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
    s3.put("myapp/v1.0.0/myapp_linux_amd64.tar.gz", archive);
    s3.put(
        "myapp/v1.0.0/checksums.txt",
        (sha256 + "  myapp_linux_amd64.tar.gz\n").getBytes(StandardCharsets.UTF_8));
    s3.put("myapp/v1.1.0/myapp_linux_amd64.tar.gz", archive);
    s3.put(
        "myapp/v1.1.0/myapp_linux_amd64.tar.gz.sha256",
        ("0".repeat(64) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aReleaseInABucketIsVerifiedAndUnpacked() {
    FetchRun run = fetch(KEYS, "--source=" + s3.url("myapp", ""), "--version=v1.0.0");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("dewy-operator fetch: fetched myapp_linux_amd64.tar.gz of v1.0.0 (")
        .contains("SHA-256 matches checksums.txt");
    assertThat(volume.resolve("current/myapp")).hasContent("#!/bin/sh\necho hello");
  }

  @Test
  void aMismatchingSha256FileFailsTheFetch() {
    FetchRun run = fetch(KEYS, "--source=" + s3.url("myapp", ""), "--version=v1.1.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("dewy-operator fetch: checksum mismatch: myapp_linux_amd64.tar.gz has SHA-256");
    assertThat(volume.resolve("current")).doesNotExist();
  }

  @Test
  void wrongKeysInTheEnvironmentSayWhichKeysToCheck() {
    FetchRun run =
        fetch(
            Map.of("AWS_ACCESS_KEY_ID", "AKIDWRONG", "AWS_SECRET_ACCESS_KEY", "nope"),
            "--source=" + s3.url("myapp", ""),
            "--version=v1.0.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            ("dewy-operator fetch: cannot read the release source: s3://us-east-1/releases/myapp"
                    + " (at %s): access denied (InvalidAccessKeyId);"
                    + " check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in"
                    + " spec.credentialsSecret, and that they may list and read the bucket\n")
                .formatted(s3.endpoint()));
  }

  @Test
  void anUnknownArtifactNameListsTheFilesThere() {
    FetchRun run =
        fetch(KEYS, "--source=" + s3.url("myapp", "artifact=myapp.deb"), "--version=v1.0.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "dewy-operator fetch: artifact not found: s3://us-east-1/releases/myapp has no file"
                + " named \"myapp.deb\" (from artifact=) for version v1.0.0 (files: [checksums.txt,"
                + " myapp_linux_amd64.tar.gz]); correct artifact= to one of the files\n");
  }

  private FetchRun fetch(Map<String, String> env, String... args) {
    return FetchRun.run(volume, env, args);
  }
}
