package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      delimiter = '|',
      textBlock =
          """
      registry.example.com:5000/shop/myapp:v1.2.0 | registry.example.com:5000 | shop/myapp | v1.2.0 | -
      nginx                                       | -                         | nginx      | -      | -
      nginx:1.25                                  | -                         | nginx      | 1.25   | -
      library/nginx:1.25                          | -                         | library/nginx | 1.25 | -
      localhost:5000/a/b:c                        | localhost:5000            | a/b        | c      | -
      localhost/a                                 | localhost                 | a          | -      | -
      ghcr.io/owner/app                           | ghcr.io                   | owner/app  | -      | -
      myapp@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | - | myapp | - | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      r.io/app:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | r.io | app | v1 | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      """)
  void givenImageWhenParsedThenPartsAreSplitAsTheRuntimeDoes(
      String image, String registry, String repository, String tag, String digest) {
    ImageReference ref = ImageReference.parse(image, "spec.target.container");

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo(digest);
    assertThat(ref.toString()).isEqualTo(image);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      registry.example.com:5000/shop/myapp:v1.2.0 | registry.example.com:5000/shop/myapp:v1.3.0
      nginx                                       | nginx:v1.3.0
      localhost:5000/a/b:c                        | localhost:5000/a/b:v1.3.0
      myapp:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | myapp:v1.3.0
      """)
  void givenImageWhenRetaggedThenOnlyTheTagChangesAndDigestIsDropped(
      String image, String expected) {
    assertThat(ImageReference.parse(image, "x").withTag("v1.3.0").toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      127.0.0.1:5000/shop/web:v1.0.0   | 127.0.0.1:5000/shop/web:v1.1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      127.0.0.1:5000/shop/web:v1.0.0@sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff | 127.0.0.1:5000/shop/web:v1.1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      """)
  void givenImageWhenPinnedThenTagAndDigestBothStandAndParseBack(String image, String expected) {
    String digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    ImageReference pinned = ImageReference.parse(image, "x").withTag("v1.1.0").withDigest(digest);

    assertThat(pinned.toString()).isEqualTo(expected);
    ImageReference back = ImageReference.parse(pinned.toString(), "x");
    assertThat(back.tag()).as("the version read back is the tag").isEqualTo("v1.1.0");
    assertThat(back.digest()).isEqualTo(digest);
    assertThat(back.withDigest(null).toString()).isEqualTo("127.0.0.1:5000/shop/web:v1.1.0");
  }

  @Test
  void givenDigestThatIsNotAlgorithmHexWhenPinnedThenRefused() {
    ImageReference ref = ImageReference.parse("web:v1", "x");

    assertThatThrownBy(() -> ref.withDigest("sha256:zz; rm -rf /"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not algorithm:hex");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MyApp:v1", "app:", "app:-bad", "app@sha256:zz", "a//b"})
  void givenMalformedImageWhenParsedThenErrorNamesTheField(String image) {
    assertThatThrownBy(() -> ImageReference.parse(image, "spec.target.container"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageStartingWith("spec.target.container: ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v1.0.0+build",
        "",
        "-x",
        "a123456789a123456789a123456789a123456789a123456789a123456789a123456789a123456789"
            + "a123456789a123456789a123456789a123456789a123456789"
      })
  void givenVersionThatIsNoTagWhenRetaggedThenRefused(String tag) {
    ImageReference ref = ImageReference.parse("nginx:1", "x");

    assertThat(ImageReference.isValidTag(tag)).isFalse();
    assertThatThrownBy(() -> ref.withTag(tag)).isInstanceOf(IllegalArgumentException.class);
  }
}
