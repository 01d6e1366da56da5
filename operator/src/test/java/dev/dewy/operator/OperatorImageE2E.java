package dev.dewy.operator;

import static dev.dewy.operator.testing.RepoCommand.pomProperty;
import static dev.dewy.operator.testing.RepoCommand.run;
import static dev.dewy.operator.testing.RepoCommand.runForResult;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.testing.LocalOciRegistry;
import dev.dewy.operator.testing.RepoCommand;
import dev.dewy.operator.testing.RepoCommand.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's image as the README builds it: Jib's Maven plugin pushes it to a real registry
 * (Debian's docker-registry), on the offline base of {@code image/build-base}, and what a cluster
 * would pull is read back through the registry's HTTP API: config, layers and size.
 */
class OperatorImageE2E {
  private static final Path REPO = RepoCommand.REPO;
  private static final String REPOSITORY = "dewy-operator";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static final LocalOciRegistry registry = LocalOciRegistry.anonymous();

  private static String tag;
  private static JsonNode manifest;
  private static JsonNode config;
  private static Map<String, byte[]> files;

  @BeforeAll
  static void buildAndPush() throws Exception {
    tag = pomProperty("dewy.image.version");
    String base = run(List.of(REPO.resolve("image/build-base").toString())).strip();
    // The README's command, on the offline base. Not offline (-o): Jib refuses to push then.
    run(
        List.of(
            "mvn",
            "-B",
            "-q",
            "package",
            "jib:build",
            "-DskipTests",
            "-Djib.from.image=tar://" + base,
            "-Dimage=" + registry.directHostPort() + "/" + REPOSITORY + ":" + tag,
            "-Djib.allowInsecureRegistries=true"));

    manifest = JSON.readTree(get("/manifests/" + tag, OCI_MANIFEST));
    assertThat(manifest.path("mediaType").asText()).as(manifest.toString()).isEqualTo(OCI_MANIFEST);
    config = JSON.readTree(blob(manifest.get("config"))).get("config");
    files = new HashMap<>();
    for (JsonNode layer : manifest.get("layers")) {
      files.putAll(files(blob(layer)));
    }
  }

  @Test
  void runsTheOperatorAsANonRootUserWithTheChartsJvmOptions() throws IOException {
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
    assertThat(texts(config.get("Entrypoint")))
        .containsExactly("java", "-cp", "@/app/jib-classpath-file", "dev.dewy.operator.Main");
    assertThat(config.has("Cmd")).as("arguments are the operator's (or `fetch ...`)").isFalse();
    assertThat(texts(config.get("Env"))).contains("JAVA_TOOL_OPTIONS=" + chartJvmOptions());
    assertThat(config.get("Volumes").has("/tmp")).as("writable /tmp").isTrue();
  }

  @Test
  void carriesTheOpenContainersLabels() {
    JsonNode labels = config.get("Labels");
    assertThat(labels.get("org.opencontainers.image.title").asText()).isEqualTo("dewy-operator");
    assertThat(labels.get("org.opencontainers.image.version").asText()).isEqualTo(tag);
    assertThat(labels.get("org.opencontainers.image.source").asText())
        .isEqualTo("https://github.com/dewy-operator/dewy-operator");
    assertThat(labels.get("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    assertThat(labels.get("org.opencontainers.image.description").asText()).isNotBlank();
  }

  @Test
  void layersHoldTheOperatorsJarAndEveryJarOnItsClasspath() throws IOException {
    String classpath = new String(files.get("app/jib-classpath-file"), StandardCharsets.UTF_8);
    List<String> entries = List.of(classpath.strip().split(":"));
    assertThat(entries).startsWith("/app/classpath/*");
    assertThat(entries).anyMatch(jar -> jar.matches("/app/libs/operator-framework-core-.*\\.jar"));
    for (String jar : entries.subList(1, entries.size())) {
      assertThat(files).as("%s is in a layer", jar).containsKey(jar.substring(1));
    }
    byte[] operatorJar = files.get("app/classpath/dewy-operator-0.1.0-SNAPSHOT.jar");
    assertThat(operatorJar).as("the operator's jar in /app/classpath").isNotNull();
    assertThat(entries(operatorJar))
        .contains(
            "dev/dewy/operator/Main.class",
            "crds/dewydeployments.dewy.dev-v1.yml",
            "examples/00-quickstart.yaml");
    assertThat(files).containsKeys("opt/java/openjdk/bin/java", "etc/passwd");
  }

  @Test
  void runsAsItsUserOnAReadOnlyRootWithOnlyTmpWritable() throws Exception {
    assertThat(run(List.of("id", "-u")).strip())
        .as(
            "starting the image's entrypoint as a container runtime does (unshare, mounts,"
                + " chroot to its user) needs root: run ./run-tests as root, as CI does")
        .isEqualTo("0");
    Path root = Files.createTempDirectory("dewy-image-root");
    try {
      for (JsonNode layer : manifest.get("layers")) {
        Path blob = Files.write(root.resolveSibling(root.getFileName() + ".layer"), blob(layer));
        run(
            List.of(
                "tar",
                "--warning=no-unknown-keyword",
                "-xzf",
                blob.toString(),
                "-C",
                root.toString()));
        Files.delete(blob);
      }
      Files.createDirectories(root.resolve("proc"));
      // What a container runtime does (as root, as CI runs), with the tools of util-linux: a
      // private mount namespace, the
      // image's files mounted read-only, a fresh /tmp and /proc, then the entrypoint as the image's
      // user with the image's environment and one argument.
      List<String> command = new ArrayList<>(List.of("env", "-i"));
      command.addAll(texts(config.get("Env")));
      command.addAll(List.of(chroot(), "--userspec=" + config.get("User").asText(), "."));
      command.addAll(texts(config.get("Entrypoint")));
      command.add("--help");
      String script =
          "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\""
              + " && mount -t proc proc \"$0/proc\" && mount -t tmpfs tmpfs \"$0/tmp\""
              + " && cd \"$0\" && exec \"$@\"";
      List<String> container =
          new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "sh", "-c", script));
      container.add(root.toString());
      container.addAll(command);
      Result result = runForResult(container);

      assertThat(result.exit()).as(result.stderr()).isZero();
      assertThat(result.stdout()).startsWith("Usage: java -jar dewy-operator.jar [options]");
      assertThat(result.stderr())
          .contains("Picked up JAVA_TOOL_OPTIONS: " + chartJvmOptions())
          .doesNotContainIgnoringCase("warning");
    } finally {
      run(List.of("rm", "-rf", root.toString()));
    }
  }

  @Test
  void isSmall() {
    long total = 0;
    for (JsonNode layer : manifest.get("layers")) {
      total += layer.get("size").asLong();
    }
    long base = manifest.get("layers").get(0).get("size").asLong();
    System.out.printf(
        "image: %.1f MiB compressed, %.1f MiB on top of the base%n",
        total / 1048576.0, (total - base) / 1048576.0);
    // The README quotes these: 99.2 MiB on the test base, 72.2 MiB of them the operator's own
    // (about 10 MiB the AWS SDK's S3 client, since s3://; about 18 MiB grpc-netty-shaded with
    // its native TLS libraries, since grpc://; 7.9 MiB google-cloud-storage on its HTTP
    // transport, since gs://). The bounds catch a dependency pulled in by mistake, not a few
    // kilobytes.
    assertThat(total).isLessThan(104L << 20);
    assertThat(total - base).isLessThan(77L << 20);
  }

  @Test
  void theChartsDefaultImageIsTheOneThisBuildNames() throws Exception {
    String values = Files.readString(REPO.resolve("charts/dewy-operator/values.yaml"));
    String chart = Files.readString(REPO.resolve("charts/dewy-operator/Chart.yaml"));
    assertThat(yamlValue(values, "  repository")).isEqualTo(pomProperty("dewy.image.repository"));
    assertThat(yamlValue(values, "  tag")).isEmpty();
    assertThat(yamlValue(chart, "appVersion")).isEqualTo(tag);
  }

  /** chroot (coreutils) by its path: the image's PATH, which the command runs with, lacks it. */
  private static String chroot() {
    return Stream.of("/usr/sbin/chroot", "/usr/bin/chroot", "/sbin/chroot")
        .filter(path -> Files.isExecutable(Path.of(path)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("chroot is missing: apt-get install coreutils"));
  }

  private static String chartJvmOptions() throws IOException {
    String values = Files.readString(REPO.resolve("charts/dewy-operator/values.yaml"));
    return yamlValue(values, "jvmOptions");
  }

  /** The scalar of a top-level or indented {@code key: value} line, quotes and comment removed. */
  private static String yamlValue(String yaml, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + ":\\s*(\"([^\"]*)\"|([^#\\s]*))").matcher(yaml);
    assertThat(m.find()).as("%s in %s", key, yaml).isTrue();
    return m.group(2) != null ? m.group(2) : m.group(3).replace("\"", "");
  }

  private static byte[] get(String path, String accept) throws Exception {
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://" + registry.directHostPort() + "/v2/" + REPOSITORY + path))
                .header("Accept", accept)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response.body();
  }

  private static byte[] blob(JsonNode descriptor) throws Exception {
    byte[] content = get("/blobs/" + descriptor.get("digest").asText(), "*/*");
    assertThat((long) content.length).isEqualTo(descriptor.get("size").asLong());
    return content;
  }

  /** The regular files of a gzipped layer tarball, by path without a leading "./" or "/". */
  private static Map<String, byte[]> files(byte[] layer) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(layer)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          files.put(e.getName().replaceFirst("^\\.?/", ""), tar.readAllBytes());
        }
      }
    }
    return files;
  }

  private static List<String> entries(byte[] jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
