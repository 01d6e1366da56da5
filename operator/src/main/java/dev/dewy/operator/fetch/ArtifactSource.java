package dev.dewy.operator.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Where release files are read from: one folder of files per version. */
public interface ArtifactSource extends AutoCloseable {

  /** The file names published for {@code version}, in listing order; empty if there are none. */
  List<String> files(String version) throws IOException;

  /** Opens one file of {@code version}; the caller closes the stream. */
  Download open(String version, String name) throws IOException;

  /**
   * The SHA-256 the source itself records for a file, when it has one: the fallback when a release
   * publishes no checksum file.
   */
  default java.util.Optional<byte[]> sha256(String version, String name) throws FetchException {
    return java.util.Optional.empty();
  }

  /** What {@link #sha256} is called in messages. */
  default String digestName() {
    return "the source's digest";
  }

  /**
   * The file the source itself designates for the version last listed (a gRPC registry's
   * artifact_url), which wins over any choice by name or platform; empty for the others.
   */
  default Optional<String> artifact() {
    return Optional.empty();
  }

  /** What this source is called in messages (its URL, without credentials). */
  String describe();

  @Override
  default void close() {}

  /** A file's body, with its length when the source announces one before sending. */
  record Download(InputStream body, OptionalLong length) {}
}
