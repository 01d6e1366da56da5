package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import dev.dewy.operator.testing.LocalS3;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3RegistryIT {
  @RegisterExtension static final LocalS3 s3 = new LocalS3("releases");

  private static final Platform LINUX_AMD64 = new Platform("linux", "amd64");
  private static final Optional<RegistryCredentials> KEYS =
      Optional.of(new RegistryCredentials(LocalS3.ACCESS_KEY_ID, LocalS3.SECRET_ACCESS_KEY));

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
    assertThat(registry("shop/myapp", "", Clock.systemUTC(), KEYS).tags())
        .containsExactly("v1.0.0", "v1.1.0");
  }

  @Test
  void theArtifactOptionCountsOnlyVersionsWithThatFile() throws Exception {
    assertThat(
            registry("shop/myapp", "artifact=myapp_darwin_arm64.tar.gz", Clock.systemUTC(), KEYS)
                .tags())
        .containsExactly("v1.2.0");
  }

  @Test
  void aVersionWhoseArtifactIsNotThereYetIsSkippedWhileOthersHaveIt() throws Exception {
    put("shop/late/v1.0.0/myapp_linux_amd64.tar.gz");
    put("shop/late/v1.1.0/checksums.txt");

    assertThat(registry("shop/late", "", Clock.systemUTC(), KEYS).tags()).containsExactly("v1.0.0");
  }

  @Test
  void anArtifactNotThereYetInAnyVersionSaysItIsWaitedFor() {
    assertThatThrownBy(
            () -> registry("shop/other", "artifact=myapp.deb", Clock.systemUTC(), KEYS).tags())
        .hasMessage(
            "s3://us-east-1/releases/shop/other: no file named \"myapp.deb\" (from artifact=) in"
                + " any version yet (v9.0.0 has [myapp_linux_amd64.tar.gz]); waiting up to 30"
                + " minutes for an upload in progress, else upload the artifact or correct"
                + " artifact= to one of those names");
  }

  @Test
  void anArtifactStillMissingAfterTheGracePeriodNamesTheOptionAndTheFilesThere() {
    Clock later =
        Clock.offset(
            Clock.system(ZoneOffset.UTC), S3Registry.ARTIFACT_GRACE.plus(Duration.ofMinutes(1)));

    assertThatThrownBy(() -> registry("shop/other", "artifact=myapp.deb", later, KEYS).tags())
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "s3://us-east-1/releases/shop/other: no file named \"myapp.deb\" (from artifact=) in"
                + " any version (v9.0.0 has [myapp_linux_amd64.tar.gz]); upload the artifact, or"
                + " correct artifact= to one of those names")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.NOT_FOUND);
  }

  @Test
  void aWrongBucketSaysItDoesNotExist() {
    S3Url url =
        (S3Url) RegistryUrl.parse("s3://us-east-1/no-such-bucket/myapp?endpoint=" + s3.endpoint());

    assertThatThrownBy(
            () ->
                new S3Registry(url, S3Clients.open(url, KEYS), Clock.systemUTC(), LINUX_AMD64)
                    .tags())
        .hasMessage(
            "s3://us-east-1/no-such-bucket/myapp (at %s): bucket \"no-such-bucket\" does not exist"
                    .formatted(s3.endpoint())
                + " (check the bucket, the region and endpoint=)");
  }

  @Test
  void wrongKeysAreRefusedNamingTheSecretsKeys() {
    Optional<RegistryCredentials> wrong =
        Optional.of(new RegistryCredentials("AKIDWRONG", "wrong-secret"));

    assertThatThrownBy(() -> registry("shop/myapp", "", Clock.systemUTC(), wrong).tags())
        .hasMessage(
            "s3://us-east-1/releases/shop/myapp (at %s): access denied (InvalidAccessKeyId);"
                    .formatted(s3.endpoint())
                + " check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in spec.credentialsSecret,"
                + " and that they may list and read the bucket")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.UNAUTHORIZED);
  }

  @Test
  void theFactoryOpensS3Urls() throws Exception {
    Registry registry =
        RegistryFactory.withDefaults().open(RegistryUrl.parse(s3.url("shop/other", "")), KEYS);
    assertThat(registry.tags()).containsExactly("v9.0.0");
  }

  @Test
  void aShippingReportIsAnEmptyTextObjectBesideTheArtifact() throws Exception {
    put("shop/reported/v1.0.0/myapp_linux_amd64.tar.gz");
    Clock at = Clock.fixed(java.time.Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    S3Registry registry = registry("shop/reported", "", at, KEYS);

    registry.report("v1.0.0", "web.shop");

    assertThat(s3.objects("shop/reported/v1.0.0/"))
        .filteredOn(o -> o.key().contains("shipped_to_"))
        .singleElement()
        .isEqualTo(
            new LocalS3.StoredObject(
                "shop/reported/v1.0.0/shipped_to_web.shop_at_20261202T100000Z.txt",
                "text/plain",
                0));
    assertThat(registry.tags())
        .as("the report is no artifact: the versions stay as they were")
        .containsExactly("v1.0.0");
  }

  @Test
  void aDeniedReportNamesThePermissionItNeeds() {
    Optional<RegistryCredentials> wrong =
        Optional.of(new RegistryCredentials("AKIDWRONG", "wrong-secret"));

    assertThatThrownBy(
            () -> registry("shop/myapp", "", Clock.systemUTC(), wrong).report("v1.0.0", "web.shop"))
        .hasMessageStartingWith(
            "s3://us-east-1/releases/shop/myapp (at %s): writing".formatted(s3.endpoint())
                + " shop/myapp/v1.0.0/shipped_to_web.shop_at_")
        .hasMessageEndingWith(
            ".txt was denied (InvalidAccessKeyId); the credentials in spec.credentialsSecret need"
                + " s3:PutObject on releases/shop/myapp/*")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.UNAUTHORIZED);
  }

  private static S3Registry registry(
      String prefix, String query, Clock clock, Optional<RegistryCredentials> credentials) {
    S3Url url = (S3Url) RegistryUrl.parse(s3.url(prefix, query));
    return new S3Registry(url, S3Clients.open(url, credentials), clock, LINUX_AMD64);
  }

  private static void put(String key) {
    s3.put(key, key.getBytes(StandardCharsets.UTF_8));
  }
}
