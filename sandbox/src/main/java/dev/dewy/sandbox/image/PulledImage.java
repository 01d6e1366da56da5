package dev.dewy.sandbox.image;

import java.nio.file.Path;
import java.util.List;

/**
 * An image whose blobs are in the cache.
 *
 * @param digest the manifest's digest, as {@code imageID} names it
 * @param layers the layer blobs, lowest first
 */
public record PulledImage(
    ImageReference reference, String digest, ImageConfig config, List<Layer> layers) {

  /** One layer blob in the cache and its media type (gzipped tar or plain tar). */
  public record Layer(Path blob, String mediaType) {}
}
