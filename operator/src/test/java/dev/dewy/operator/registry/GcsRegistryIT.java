package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import dev.dewy.operator.testing.LocalGcs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** gs:// against a real GCS emulator (fake-gcs-server) through Google's client. */
class GcsRegistryIT {
  @RegisterExtension static final LocalGcs gcs = new LocalGcs("releases");

  private static final Platform LINUX_AMD64 = new Platform("linux", "amd64");

  @BeforeAll
  static void publish() {
    put("shop/myapp/v1.0.0/myapp_linux_amd64.tar.gz");
    put("shop/myapp/v1.0.0/checksums.txt");
    put("shop/myapp/v1.1.0/myapp_Linux_x86_64.zip");
    put("shop/myapp/v1.2.0/myapp_darwin_arm64.tar.gz");
    put("shop/myapp/v1.3.0/nested/myapp_linux_amd64.tar.gz");
    put("shop/myapp/NOTES.txt");
    put("shop/other/v9.0.0/myapp_linux_amd64.tar.gz");
  }

  @Test
  void versionsAreTheFoldersUnderThePrefixThatHoldTheArtifact() throws Exception {
    assertThat(registry("shop/myapp", "", Clock.systemUTC()).tags())
        .containsExactly("v1.0.0", "v1.1.0");
  }

  @Test
  void theListingFollowsEveryPage() throws Exception {
    for (int minor = 0; minor < 7; minor++) {
      put("shop/paged/v2.%d.0/myapp_linux_amd64.tar.gz".formatted(minor));
    }
    GcsUrl url = (GcsUrl) RegistryUrl.parse(gcs.url("shop/paged", ""));
    // 7 objects in pages of 2: four pages
    GcsRegistry registry =
        new GcsRegistry(
            url, GcsClients.open(url, Optional.empty()), Clock.systemUTC(), LINUX_AMD64, 2);

    assertThat(registry.tags())
        .containsExactly("v2.0.0", "v2.1.0", "v2.2.0", "v2.3.0", "v2.4.0", "v2.5.0", "v2.6.0");
  }

  @Test
  void theArtifactOptionCountsOnlyVersionsWithThatFile() throws Exception {
    assertThat(
            registry("shop/myapp", "artifact=myapp_darwin_arm64.tar.gz", Clock.systemUTC()).tags())
        .containsExactly("v1.2.0");
  }

  @Test
  void aVersionWhoseArtifactIsNotThereYetIsSkippedWhileOthersHaveIt() throws Exception {
    put("shop/late/v1.0.0/myapp_linux_amd64.tar.gz");
    put("shop/late/v1.1.0/checksums.txt");

    assertThat(registry("shop/late", "", Clock.systemUTC()).tags()).containsExactly("v1.0.0");
  }

  @Test
  void anArtifactNotThereYetInAnyVersionSaysItIsWaitedFor() {
    assertThatThrownBy(() -> registry("shop/other", "artifact=myapp.deb", Clock.systemUTC()).tags())
        .hasMessage(
            "gs://releases/shop/other: no file named \"myapp.deb\" (from artifact=) in"
                + " any version yet (v9.0.0 has [myapp_linux_amd64.tar.gz]); waiting up to 30"
                + " minutes for an upload in progress, else upload the artifact or correct"
                + " artifact= to one of those names");
  }

  @Test
  void anArtifactStillMissingAfterTheGracePeriodNamesTheOptionAndTheFilesThere() {
    Clock later =
        Clock.offset(
            Clock.system(ZoneOffset.UTC), GcsRegistry.ARTIFACT_GRACE.plus(Duration.ofMinutes(1)));

    assertThatThrownBy(() -> registry("shop/other", "artifact=myapp.deb", later).tags())
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "gs://releases/shop/other: no file named \"myapp.deb\" (from artifact=) in"
                + " any version (v9.0.0 has [myapp_linux_amd64.tar.gz]); upload the artifact, or"
                + " correct artifact= to one of those names")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.NOT_FOUND);
  }

  @Test
  void aWrongBucketSaysItDoesNotExist() {
    GcsUrl url = (GcsUrl) RegistryUrl.parse("gs://no-such-bucket/myapp?endpoint=" + gcs.endpoint());

    assertThatThrownBy(() -> registry(url, Clock.systemUTC()).tags())
        .hasMessage(
            "gs://no-such-bucket/myapp (at %s): bucket \"no-such-bucket\" does not exist"
                    .formatted(gcs.endpoint())
                + " (check the bucket and endpoint=)")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.NOT_FOUND);
  }

  @Test
  void aReportIsAnEmptyTextObjectNamedAsDewyNamesIt() throws Exception {
    put("shop/reported/v1.0.0/myapp_linux_amd64.tar.gz");
    Clock at = Clock.fixed(Instant.parse("2026-12-03T08:05:09Z"), ZoneOffset.UTC);

    registry("shop/reported", "", at).report("v1.0.0", "shop.apps");

    assertThat(gcs.list("shop/reported/v1.0.0/shipped_to_"))
        .singleElement()
        .satisfies(
            blob -> {
              assertThat(blob.getName())
                  .isEqualTo(
                      "shop/reported/v1.0.0/shipped_to_shop.apps_assets_at_20261203T080509Z.txt");
              assertThat(blob.getContentType()).isEqualTo("text/plain");
              assertThat(blob.getSize()).isZero();
            });
    // the report is no version's artifact: the version still counts once
    assertThat(registry("shop/reported", "", at).tags()).containsExactly("v1.0.0");
  }

  @Test
  void aReportToAMissingBucketSaysItDoesNotExist() {
    GcsUrl url = (GcsUrl) RegistryUrl.parse("gs://no-such-bucket/myapp?endpoint=" + gcs.endpoint());

    assertThatThrownBy(() -> registry(url, Clock.systemUTC()).report("v1.0.0", "shop.apps"))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "gs://no-such-bucket/myapp (at %s): bucket \"no-such-bucket\" does not exist"
                    .formatted(gcs.endpoint())
                + " (check the bucket and endpoint=)");
  }

  @Test
  void theFactoryOpensGcsUrls() throws Exception {
    try (Registry registry =
        RegistryFactory.withDefaults()
            .open(RegistryUrl.parse(gcs.url("shop/other", "")), Optional.empty())) {
      assertThat(registry.tags()).containsExactly("v9.0.0");
    }
  }

  private static GcsRegistry registry(String prefix, String query, Clock clock) {
    return registry((GcsUrl) RegistryUrl.parse(gcs.url(prefix, query)), clock);
  }

  private static GcsRegistry registry(GcsUrl url, Clock clock) {
    return new GcsRegistry(
        url,
        GcsClients.open(url, Optional.empty()),
        clock,
        LINUX_AMD64,
        GcsRegistry.DEFAULT_PAGE_SIZE);
  }

  private static void put(String name) {
    gcs.put(name, name.getBytes(StandardCharsets.UTF_8));
  }
}
