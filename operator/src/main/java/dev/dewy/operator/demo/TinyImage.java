package dev.dewy.operator.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A tiny but valid OCI image (one empty layer, a config labelled with its tag so every tag has its
 * own digest): what the demo and the tests publish, as a registry stores it.
 */
public record TinyImage(byte[] layer, byte[] config, byte[] manifest) {
  public static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

  /** An OCI image index: one tag for several platforms' images. */
  public static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";

  /** The image published under {@code tag}. */
  public static TinyImage forTag(String tag) {
    return of(tag, "", "amd64");
  }

  /**
   * The image for {@code tag} as build {@code variant} (another push of the same tag: other
   * content, another digest) for the platform linux/{@code architecture}.
   */
  public static TinyImage of(String tag, String variant, String architecture) {
    byte[] tar = new byte[1024]; // an empty tar archive: two zero blocks
    byte[] layer = gzip(tar);
    byte[] config =
        ("{\"architecture\":\""
                + architecture
                + "\",\"os\":\"linux\",\"config\":{\"Labels\":{\"dev.dewy.tag\":\""
                + tag
                + (variant.isEmpty() ? "" : "\",\"dev.dewy.variant\":\"" + variant)
                + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + digest(tar)
                + "\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    String manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"%s\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"%s\",\"size\":%d},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
                + "\"digest\":\"%s\",\"size\":%d}]}")
            .formatted(MANIFEST_TYPE, digest(config), config.length, digest(layer), layer.length);
    return new TinyImage(layer, config, manifest.getBytes(StandardCharsets.UTF_8));
  }

  /** An index of {@code imagesByArchitecture}, each for linux on its architecture. */
  public static byte[] index(java.util.Map<String, TinyImage> imagesByArchitecture) {
    StringBuilder manifests = new StringBuilder();
    imagesByArchitecture.forEach(
        (architecture, image) ->
            manifests
                .append(manifests.length() == 0 ? "" : ",")
                .append(
                    ("{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%d,"
                            + "\"platform\":{\"architecture\":\"%s\",\"os\":\"linux\"}}")
                        .formatted(
                            MANIFEST_TYPE,
                            image.manifestDigest(),
                            image.manifest().length,
                            architecture)));
    return "{\"schemaVersion\":2,\"mediaType\":\"%s\",\"manifests\":[%s]}"
        .formatted(INDEX_TYPE, manifests)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The manifest's digest, which registries answer in {@code Docker-Content-Digest}. */
  public String manifestDigest() {
    return digest(manifest);
  }

  /** {@code sha256:HEX} of {@code content}, as the distribution API names blobs. */
  public static String digest(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
