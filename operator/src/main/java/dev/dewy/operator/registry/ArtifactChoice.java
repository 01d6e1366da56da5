package dev.dewy.operator.registry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which file of a release is the artifact, as Dewy chooses: {@code artifact=NAME} exactly, else the
 * first name that holds the platform's OS and architecture and ends in an archive extension.
 */
public final class ArtifactChoice {
  /** What the fetcher can unpack, longest first so that ".tar.gz" wins over ".gz"-like tails. */
  public static final List<String> ARCHIVE_EXTENSIONS =
      List.of(".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".tar", ".zip");

  private ArtifactChoice() {}

  /** The chosen name among {@code names}, in their order; empty when none fits (yet). */
  public static Optional<String> choose(
      List<String> names, Optional<String> artifact, Platform platform) {
    if (artifact.isPresent()) {
      return names.stream().filter(artifact.get()::equals).findFirst();
    }
    return names.stream().filter(name -> fits(name, platform)).findFirst();
  }

  /** What a user is told when nothing fits, naming the option that would choose. */
  public static String describe(Optional<String> artifact, Platform platform) {
    return artifact
        .map(name -> "no file named \"" + name + "\" (from artifact=)")
        .orElse(
            "no archive (%s) whose name holds %s and %s"
                .formatted(
                    String.join(" ", ARCHIVE_EXTENSIONS),
                    platform.os(),
                    String.join(" or ", platform.archNames())));
  }

  /** Whether {@code name} ends in an extension the fetcher unpacks. */
  public static boolean isArchive(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return ARCHIVE_EXTENSIONS.stream().anyMatch(lower::endsWith);
  }

  private static boolean fits(String name, Platform platform) {
    String lower = name.toLowerCase(Locale.ROOT);
    return isArchive(name)
        && lower.contains(platform.os())
        && platform.archNames().stream().anyMatch(lower::contains);
  }

  /** An OS and architecture in Go's names (linux, amd64), as release files are named. */
  public record Platform(String os, String arch) {

    /** Where this JVM runs: the operator's nodes, and the init container's. */
    public static Platform current() {
      String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
      String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
      return new Platform(
          os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : os,
          switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
          });
    }

    /** The spellings of the architecture found in release names ({@code x86_64} for amd64). */
    public List<String> archNames() {
      return switch (arch) {
        case "amd64" -> List.of("amd64", "x86_64");
        case "arm64" -> List.of("arm64", "aarch64");
        default -> List.of(arch);
      };
    }
  }
}
