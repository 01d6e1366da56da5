package dev.dewy.operator.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@code file:///DIR}: releases laid out as DIR/VERSION/FILE on a mounted filesystem, the same
 * layout as s3://. It serves shared volumes and trying the fetcher without a bucket.
 */
final class DirectorySource implements ArtifactSource {
  private final Path root;

  DirectorySource(Path root) {
    this.root = root;
  }

  @Override
  public List<String> files(String version) throws IOException {
    Path folder = root.resolve(version);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(folder)) {
      return listing
          .filter(Files::isRegularFile)
          .map(path -> path.getFileName().toString())
          .sorted()
          .toList();
    }
  }

  @Override
  public Download open(String version, String name) throws IOException {
    Path file = root.resolve(version).resolve(name);
    return new Download(Files.newInputStream(file), OptionalLong.of(Files.size(file)));
  }

  @Override
  public String describe() {
    return root.toUri().toString();
  }
}
