package dev.dewy.sandbox.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
  @TempDir Path dir;

  private final LayerUnpacker unpacker = new LayerUnpacker(false);

  @Test
  void unpacksLayersInOrderWithFilesDirectoriesLinksAndModes() throws Exception {
    Path root = root();
    unpacker.unpack(
        List.of(
            layer(
                true,
                dir("etc/"),
                file("etc/os-release", "one\n", 0644),
                file("bin/tool", "#!/bin/sh\n", 0755),
                symlink("usr/bin/tool", "/bin/tool"),
                hardlink("bin/tool2", "bin/tool")),
            layer(false, file("etc/os-release", "two\n", 0600))),
        root);

    assertThat(root.resolve("etc/os-release")).hasContent("two");
    assertThat(Files.getPosixFilePermissions(root.resolve("etc/os-release")))
        .hasSameElementsAs(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.isExecutable(root.resolve("bin/tool"))).isTrue();
    assertThat(Files.readSymbolicLink(root.resolve("usr/bin/tool")))
        .isEqualTo(Path.of("/bin/tool"));
    assertThat(root.resolve("bin/tool2")).hasContent("#!/bin/sh");
  }

  @Test
  void aWhiteoutDeletesWhatALowerLayerHeld() throws Exception {
    Path root = root();
    unpacker.unpack(
        List.of(
            layer(true, file("app/old.jar", "x", 0644), file("app/keep.jar", "y", 0644)),
            layer(true, file("app/.wh.old.jar", "", 0644))),
        root);

    assertThat(root.resolve("app/old.jar")).doesNotExist();
    assertThat(root.resolve("app/.wh.old.jar")).doesNotExist();
    assertThat(root.resolve("app/keep.jar")).exists();
  }

  @Test
  void anOpaqueWhiteoutEmptiesTheDirectoryOfLowerLayersOnly() throws Exception {
    Path root = root();
    unpacker.unpack(
        List.of(
            layer(true, file("app/lower.jar", "x", 0644), file("app/sub/deep", "x", 0644)),
            // this layer's own file comes before the marker in the archive, and stays
            layer(true, file("app/upper.jar", "y", 0644), file("app/.wh..wh..opq", "", 0644))),
        root);

    assertThat(root.resolve("app/lower.jar")).doesNotExist();
    assertThat(root.resolve("app/sub")).doesNotExist();
    assertThat(root.resolve("app/upper.jar")).hasContent("y");
  }

  @Test
  void aFileReplacesADirectoryAndADirectoryAFile() throws Exception {
    Path root = root();
    unpacker.unpack(
        List.of(
            layer(true, file("a/inner", "x", 0644), file("b", "x", 0644)),
            layer(true, file("a", "now a file", 0644), dir("b/"))),
        root);

    assertThat(root.resolve("a")).isRegularFile().hasContent("now a file");
    assertThat(root.resolve("b")).isDirectory();
  }

  @Test
  void refusesAnEntryThatClimbsOutOfTheRoot() throws Exception {
    Path root = root();
    List<PulledImage.Layer> layers = List.of(layer(true, file("../escaped", "x", 0644)));

    assertThatThrownBy(() -> unpacker.unpack(layers, root))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining("../escaped leaves the root");
    assertThat(dir.resolve("escaped")).doesNotExist();
  }

  @Test
  void refusesAnEntryThatGoesThroughASymbolicLink() throws Exception {
    Path root = root();
    Path outside = Files.createDirectory(dir.resolve("outside"));
    List<PulledImage.Layer> layers =
        List.of(
            layer(true, symlink("etc", outside.toString())),
            layer(true, file("etc/passwd", "root::0:0::/:/bin/sh\n", 0644)));

    assertThatThrownBy(() -> unpacker.unpack(layers, root))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining("goes through the symbolic link /etc");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void refusesAHardLinkToAFileOutsideTheRoot() throws Exception {
    Path root = root();
    Files.writeString(dir.resolve("secret"), "s");
    List<PulledImage.Layer> layers = List.of(layer(true, hardlink("stolen", "../secret")));

    assertThatThrownBy(() -> unpacker.unpack(layers, root))
        .isInstanceOf(ImagePullException.class)
        .hasMessageContaining("leaves the root");
    assertThat(root.resolve("stolen")).doesNotExist();
  }

  @Test
  void aWhiteoutCannotDeleteOutsideTheRoot() throws Exception {
    Path root = root();
    Path victim = Files.writeString(dir.resolve("victim"), "v");
    List<PulledImage.Layer> layers = List.of(layer(true, file("../.wh.victim", "", 0644)));

    assertThatThrownBy(() -> unpacker.unpack(layers, root)).isInstanceOf(ImagePullException.class);
    assertThat(victim).exists();
  }

  private Path root() throws IOException {
    return Files.createDirectory(dir.resolve("root"));
  }

  private record Entry(TarArchiveEntry header, byte[] content) {}

  private static Entry file(String name, String content, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(bytes.length);
    e.setMode(0100000 | mode);
    return new Entry(e, bytes);
  }

  private static Entry dir(String name) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(040755);
    return new Entry(e, new byte[0]);
  }

  private static Entry symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
    e.setLinkName(target);
    return new Entry(e, new byte[0]);
  }

  private static Entry hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_LINK);
    e.setLinkName(target);
    return new Entry(e, new byte[0]);
  }

  private int layers;

  /** A layer blob with these entries, in this order; gzipped or a plain tar. */
  private PulledImage.Layer layer(boolean gzip, Entry... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = gzip ? new GzipCompressorOutputStream(bytes) : bytes;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry entry : entries) {
        tar.putArchiveEntry(entry.header());
        tar.write(entry.content());
        tar.closeArchiveEntry();
      }
    }
    Path blob = dir.resolve("layer-" + layers++);
    Files.write(blob, bytes.toByteArray());
    return new PulledImage.Layer(
        blob, "application/vnd.oci.image.layer.v1.tar" + (gzip ? "+gzip" : ""));
  }
}
