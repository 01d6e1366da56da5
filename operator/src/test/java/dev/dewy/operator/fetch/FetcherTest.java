package dev.dewy.operator.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.fetch.FetchException.Failure;
import dev.dewy.operator.fetch.TestArchives.Entry;
import dev.dewy.operator.registry.ArtifactChoice.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FetcherTest {
  private static final Platform LINUX_AMD64 = new Platform("linux", "amd64");

  @TempDir Path bucket;
  @TempDir Path volume;

  @ParameterizedTest
  @ValueSource(
      strings = {".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar", ".zip"})
  void everyFormatIsUnpackedIntoItsReleaseFolderWithCurrentPointingAtIt(String extension)
      throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64" + extension), TestArchives.RELEASE);

    Fetcher.Result result = fetch("v1.0.0");

    Path release = volume.resolve("releases/v1.0.0");
    assertThat(release.resolve("myapp")).hasContent("#!/bin/sh\necho hello");
    assertThat(Files.isExecutable(release.resolve("myapp"))).isTrue();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(release.resolve("README.md"))))
        .isEqualTo("rw-r--r--");
    assertThat(release.resolve("conf/app.yaml")).hasContent("port: 8080");
    assertThat(Files.readSymbolicLink(release.resolve("bin/myapp"))).isEqualTo(Path.of("../myapp"));
    assertThat(Files.readSymbolicLink(volume.resolve("current")))
        .isEqualTo(Path.of("releases/v1.0.0"));
    assertThat(volume.resolve("current/bin/myapp")).hasContent("#!/bin/sh\necho hello");
    assertThat(result.summary())
        .isEqualTo(
            "fetched myapp_linux_amd64%s of v1.0.0 (%d bytes, no checksum published) into %s;"
                    .formatted(
                        extension,
                        Files.size(bucket.resolve("v1.0.0/myapp_linux_amd64" + extension)),
                        release)
                + " current -> releases/v1.0.0");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aTarballMadeByGnuTarIsUnpacked() throws Exception {
    Path tree = Files.createTempDirectory(bucket, "tree");
    Files.writeString(tree.resolve("myapp"), "binary");
    Files.setPosixFilePermissions(
        tree.resolve("myapp"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(tree.resolve("app"), Path.of("myapp"));
    Files.createLink(tree.resolve("myapp-hardlink"), tree.resolve("myapp"));
    Path archive = artifact("v2.0.0", "myapp_Linux_x86_64.tar.gz");
    Process tar =
        new ProcessBuilder("tar", "-czf", archive.toString(), "-C", tree.toString(), ".")
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();

    fetch("v2.0.0");

    assertThat(volume.resolve("current/app")).hasContent("binary");
    assertThat(volume.resolve("current/myapp-hardlink")).hasContent("binary");
    assertThat(Files.isExecutable(volume.resolve("current/myapp"))).isTrue();
  }

  @Test
  void aNewerVersionMovesCurrentAndKeepsTheOlderRelease() throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    TestArchives.write(
        artifact("v1.1.0", "myapp_linux_amd64.tar.gz"),
        List.of(Entry.executable("myapp", "version two")));

    fetch("v1.0.0");
    fetch("v1.1.0");

    assertThat(volume.resolve("current/myapp")).hasContent("version two");
    assertThat(volume.resolve("releases/v1.0.0/myapp")).hasContent("#!/bin/sh\necho hello");
  }

  @Test
  void aVersionAlreadyUnpackedIsNotFetchedAgain() throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.zip"), TestArchives.RELEASE);
    fetch("v1.0.0");
    Files.delete(bucket.resolve("v1.0.0/myapp_linux_amd64.zip"));

    Fetcher.Result again = fetch("v1.0.0");

    assertThat(again.summary())
        .isEqualTo(
            "v1.0.0 is already unpacked in %s; current -> releases/v1.0.0"
                .formatted(volume.resolve("releases/v1.0.0")));
    assertThat(volume.resolve("current/myapp")).exists();
  }

  @Test
  void artifactOptionChoosesExactlyThatFile() throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    TestArchives.write(
        artifact("v1.0.0", "tools.zip"), List.of(Entry.executable("tool", "the tool")));

    new Fetcher(new DirectorySource(bucket), LINUX_AMD64)
        .fetch(options("v1.0.0"), Optional.of("tools.zip"));

    assertThat(volume.resolve("current/tool")).hasContent("the tool");
  }

  @Test
  void aMissingArtifactNamesWhatWasLookedForAndWhatIsThere() throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_darwin_arm64.tar.gz"), TestArchives.RELEASE);

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .isInstanceOf(FetchException.class)
        .hasMessage(
            "artifact not found: %s has no archive (.tar.gz .tar.bz2 .tar.xz .tgz .tbz2 .txz .tar"
                    .formatted(bucket.toUri())
                + " .zip) whose name holds linux and amd64 or x86_64 for version v1.0.0 (files:"
                + " [myapp_darwin_arm64.tar.gz]); name one with ?artifact=NAME");
  }

  @Test
  void aPublishedSha256FileThatMatchesIsAccepted() throws Exception {
    Path archive =
        TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    Files.writeString(
        bucket.resolve("v1.0.0/myapp_linux_amd64.tar.gz.sha256"),
        sha256(archive) + "  myapp_linux_amd64.tar.gz\n");

    assertThat(fetch("v1.0.0").summary())
        .contains("SHA-256 matches myapp_linux_amd64.tar.gz.sha256");
  }

  @Test
  void aChecksumMismatchIsRefusedAndNothingIsUnpacked() throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    String wrong = "0".repeat(64);
    Files.writeString(
        bucket.resolve("v1.0.0/checksums.txt"),
        "%s  other.tar.gz\n%s  myapp_linux_amd64.tar.gz\n".formatted("1".repeat(64), wrong));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .isInstanceOf(FetchException.class)
        .hasMessageStartingWith("checksum mismatch: myapp_linux_amd64.tar.gz has SHA-256 ")
        .hasMessageEndingWith(
            " but checksums.txt publishes %s; the download is corrupt or was replaced"
                .formatted(wrong))
        .extracting(e -> ((FetchException) e).failure())
        .isEqualTo(Failure.CHECKSUM_MISMATCH);
    assertThat(volume.resolve("releases/v1.0.0")).doesNotExist();
    assertThat(volume.resolve("current")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aDownloadOverTheSizeLimitIsRefusedBeforeItIsRead() throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.tar"), TestArchives.RELEASE);
    long size = Files.size(bucket.resolve("v1.0.0/myapp_linux_amd64.tar"));

    assertThatThrownBy(
            () ->
                new Fetcher(new DirectorySource(bucket), LINUX_AMD64)
                    .fetch(options("v1.0.0", "--max-size=1Ki"), Optional.empty()))
        .hasMessage(
            "download over the size limit: myapp_linux_amd64.tar is %d bytes, over the limit of"
                    .formatted(size)
                + " 1024 bytes; raise it with --max-size");
    assertThat(volume.resolve("current")).doesNotExist();
  }

  @Test
  void aDownloadOfUnannouncedLengthIsCutAtTheSizeLimit() throws Exception {
    byte[] body = new byte[10_000];
    ArtifactSource endless =
        new ArtifactSource() {
          @Override
          public List<String> files(String version) {
            return List.of("myapp_linux_amd64.tar.gz");
          }

          @Override
          public Download open(String version, String name) {
            return new Download(new ByteArrayInputStream(body), OptionalLong.empty());
          }

          @Override
          public String describe() {
            return "test";
          }
        };

    assertThatThrownBy(
            () ->
                new Fetcher(endless, LINUX_AMD64)
                    .fetch(options("v1.0.0", "--max-size=4096"), Optional.empty()))
        .hasMessage(
            "download over the size limit: myapp_linux_amd64.tar.gz is more than 4096 bytes,"
                + " over the limit of 4096 bytes; raise it with --max-size");
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aTruncatedTarballIsReportedAsCorrupt() throws Exception {
    Path archive =
        TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    byte[] whole = Files.readAllBytes(archive);
    Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessageStartingWith(
            "corrupt archive: myapp_linux_amd64.tar.gz cannot be read as .tar.gz (");
    assertThat(volume.resolve("releases/v1.0.0")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {".zip", ".tar.xz", ".tar.bz2"})
  void bytesThatAreNoArchiveAreReportedAsCorrupt(String extension) throws Exception {
    Files.writeString(artifact("v1.0.0", "myapp_linux_amd64" + extension), "not an archive at all");

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessageStartingWith(
            "corrupt archive: myapp_linux_amd64%s cannot be read as %s ("
                .formatted(extension, extension));
  }

  @Test
  void anArchiveWithoutAnExecutableSaysThereIsNoProgramToRun() throws Exception {
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64.zip"),
        List.of(Entry.file("myapp", "no x bit", 0644), Entry.file("README.md", "docs", 0644)));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessage(
            "no executable in the artifact: myapp_linux_amd64.zip holds no file with an executable"
                + " bit, so there is no program to run; package the binary with mode 0755, or"
                + " choose another file with ?artifact=NAME in spec.registry");
    assertThat(volume.resolve("current")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {".tar.gz", ".zip"})
  void zipSlipEntriesAreRefused(String extension) throws Exception {
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64" + extension),
        List.of(Entry.executable("myapp", "ok"), Entry.file("bin/../../../evil", "pwned", 0644)));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessage(
            "archive entry escapes the target directory: \"bin/../../../evil\" climbs out with"
                + " \"..\"; nothing was kept");
    assertNothingEscaped();
  }

  @Test
  void absoluteEntriesAreRefused() throws Exception {
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64.zip"),
        List.of(Entry.file("/tmp/evil", "pwned", 0644)));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessage(
            "archive entry escapes the target directory: \"/tmp/evil\" is an absolute path;"
                + " nothing was kept");
  }

  @ParameterizedTest
  @ValueSource(strings = {".tar.gz", ".zip"})
  void symlinksPointingOutAreRefused(String extension) throws Exception {
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64" + extension),
        List.of(Entry.symlink("etc", "../../../../etc"), Entry.file("etc/evil", "pwned", 0644)));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessage(
            "archive entry escapes the target directory: \"etc\" is a symbolic link to"
                + " \"../../../../etc\", outside the artifact; nothing was kept");
    assertNothingEscaped();
  }

  @Test
  void absoluteSymlinksAreRefused() throws Exception {
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64.tar"),
        List.of(Entry.executable("myapp", "ok"), Entry.symlink("passwd", "/etc/passwd")));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessage(
            "archive entry escapes the target directory: \"passwd\" is a symbolic link to"
                + " \"/etc/passwd\", outside the artifact; nothing was kept");
  }

  @Test
  void aChainOfLinksThatLeadsOutIsRefusedBeforeAnythingIsWrittenThroughIt() throws Exception {
    // a/up -> .. is the artifact's root; a/out -> up/.. looks like a/ by name but is its parent.
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64.tar.gz"),
        List.of(
            Entry.symlink("a/up", ".."),
            Entry.symlink("a/out", "up/.."),
            Entry.file("a/out/evil", "pwned", 0644)));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessageStartingWith(
            "archive entry escapes the target directory: \"a/out/evil\" would be written through"
                + " a link to ");
    assertNothingEscaped();
  }

  @Test
  void aChainOfLinksThatLeadsOutIsRefusedEvenUnused() throws Exception {
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64.tar.gz"),
        List.of(
            Entry.executable("myapp", "ok"),
            Entry.symlink("a/up", ".."),
            Entry.symlink("a/out", "up/..")));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessageStartingWith("archive entry escapes the target directory: \"")
        .hasMessageContaining("a/out\" is a symbolic link that leads to ");
  }

  @Test
  void hardLinksToFilesOutsideAreRefused() throws Exception {
    TestArchives.write(
        artifact("v1.0.0", "myapp_linux_amd64.tar"),
        List.of(Entry.executable("myapp", "ok"), Entry.hardLink("passwd", "../../etc/passwd")));

    assertThatThrownBy(() -> fetch("v1.0.0"))
        .hasMessage(
            "archive entry escapes the target directory: \"passwd\" is a hard link to"
                + " \"../../etc/passwd\", outside the artifact; nothing was kept");
  }

  @Test
  void theCommandExitsNonZeroAndLeavesTheMessageInTheTerminationLog() throws Exception {
    TestArchives.write(artifact("v1.0.0", "myapp_linux_amd64.tar.gz"), TestArchives.RELEASE);
    Files.writeString(bucket.resolve("v1.0.0/myapp_linux_amd64.tar.gz.sha256"), "0".repeat(64));
    Path terminationLog = Files.createFile(volume.resolve("termination-log"));

    Command run =
        command(
            "--source=" + bucket.toUri(),
            "--version=v1.0.0",
            "--into=" + volume.resolve("app"),
            "--termination-log=" + terminationLog);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(terminationLog).content().startsWith("checksum mismatch: myapp_linux_amd64.tar.gz");
    assertThat(run.err()).startsWith("dewy-operator fetch: checksum mismatch: ");
  }

  @Test
  void theCommandRefusesUsageErrorsWithExitTwo() {
    Command run = command("--source=s3://ap-northeast-1/bucket", "--version=../etc", "--into=/x");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "dewy-operator fetch: --version: \"../etc\" is not a version (letters, digits, . _ +"
                + " - only)");
  }

  private record Command(int exit, String err) {}

  private static Command command(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        FetchCommand.run(
            args,
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Command(exit, err.toString(StandardCharsets.UTF_8));
  }

  private Fetcher.Result fetch(String version) throws FetchException {
    return new Fetcher(new DirectorySource(bucket), LINUX_AMD64)
        .fetch(options(version), Optional.empty());
  }

  private FetchOptions options(String version, String... more) {
    String[] args =
        Stream.concat(
                Stream.of("--source=" + bucket.toUri(), "--version=" + version, "--into=" + volume),
                Stream.of(more))
            .toArray(String[]::new);
    return FetchOptions.parse(args);
  }

  private Path artifact(String version, String name) throws IOException {
    return Files.createDirectories(bucket.resolve(version)).resolve(name);
  }

  private List<Path> leftovers() throws IOException {
    try (Stream<Path> all = Files.walk(volume, 2)) {
      return all.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }

  private void assertNothingEscaped() throws IOException {
    try (Stream<Path> all = Files.walk(volume.getParent(), 1)) {
      assertThat(all.map(p -> p.getFileName().toString())).doesNotContain("evil");
    }
    assertThat(volume.resolve("releases/v1.0.0")).doesNotExist();
    assertThat(volume.resolve("current")).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
