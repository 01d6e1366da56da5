package dev.dewy.operator.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dewy.operator.testing.LocalGcs;
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

/**
 * The fetch command against a real GCS emulator, through GcsSource, as the init container runs it.
 */
class GcsFetchIT {
  @RegisterExtension static final LocalGcs gcs = new LocalGcs("releases");

  @TempDir static Path work;
  @TempDir Path volume;

  @BeforeAll
  static void publish() throws Exception {
    Path archive =
        TestArchives.write(work.resolve("myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    String sha256 =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
    gcs.put("myapp/v1.0.0/myapp_linux_amd64.tar.gz", archive);
    gcs.put(
        "myapp/v1.0.0/checksums.txt",
        (sha256 + "  myapp_linux_amd64.tar.gz\n").getBytes(StandardCharsets.UTF_8));
    gcs.put("myapp/v1.1.0/myapp_linux_amd64.tar.gz", archive);
    gcs.put(
        "myapp/v1.1.0/myapp_linux_amd64.tar.gz.sha256",
        ("0".repeat(64) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aReleaseInABucketIsVerifiedAndUnpacked() {
    FetchRun run = fetch(Map.of(), "--source=" + gcs.url("myapp", ""), "--version=v1.0.0");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("dewy-operator fetch: fetched myapp_linux_amd64.tar.gz of v1.0.0 (")
        .contains("SHA-256 matches checksums.txt");
    assertThat(volume.resolve("current/myapp")).hasContent("#!/bin/sh\necho hello");
  }

  @Test
  void aMismatchingSha256FileFailsTheFetch() {
    FetchRun run = fetch(Map.of(), "--source=" + gcs.url("myapp", ""), "--version=v1.1.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("dewy-operator fetch: checksum mismatch: myapp_linux_amd64.tar.gz has SHA-256");
    assertThat(volume.resolve("current")).doesNotExist();
  }

  @Test
  void aKeyThatIsNoServiceAccountKeySaysSoWithoutQuotingIt() {
    FetchRun run =
        fetch(
            Map.of("GOOGLE_CREDENTIALS", "{\"secret\": \"hunter2\"}"),
            "--source=" + gcs.url("myapp", ""),
            "--version=v1.0.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("GOOGLE_CREDENTIALS is not a service account's JSON key")
        .doesNotContain("hunter2");
  }

  @Test
  void anUnknownArtifactNameListsTheFilesThere() {
    FetchRun run =
        fetch(Map.of(), "--source=" + gcs.url("myapp", "artifact=myapp.deb"), "--version=v1.0.0");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "dewy-operator fetch: artifact not found: gs://releases/myapp has no file"
                + " named \"myapp.deb\" (from artifact=) for version v1.0.0 (files: [checksums.txt,"
                + " myapp_linux_amd64.tar.gz]); correct artifact= to one of the files\n");
  }

  private FetchRun fetch(Map<String, String> env, String... args) {
    return FetchRun.run(volume, env, args);
  }
}
