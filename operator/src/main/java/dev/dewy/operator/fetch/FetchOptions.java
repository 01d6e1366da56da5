package dev.dewy.operator.fetch;

import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.util.Optional;

/** The command line of {@code java -jar dewy-operator.jar fetch}; credentials never come here. */
public record FetchOptions(
    String source,
    String version,
    Path into,
    Optional<String> artifact,
    long maxSize,
    Path terminationLog,
    boolean help) {

  /** Dewy's limit on one download. */
  public static final long DEFAULT_MAX_SIZE = 512L * 1024 * 1024;

  /** Where Kubernetes reads a container's termination message from. */
  public static final Path TERMINATION_LOG = Path.of("/dev/termination-log");

  public static final String USAGE =
      """
      Usage: java -jar dewy-operator.jar fetch --source=URL --version=VERSION --into=DIR [options]

      Downloads one artifact of one release, checks it against a published SHA-256
      (ARTIFACT.sha256 or checksums.txt; for ghr://, else GitHub's digest of the asset)
      and unpacks it into DIR/releases/VERSION/, then points the symlink DIR/current at it. It is the init container of a
      DewyDeployment with spec.target.volume; a version already unpacked is not fetched again.

        --source=URL              s3://REGION/BUCKET/PREFIX[?endpoint=...&artifact=...] or
                                  file:///DIR, with files at PREFIX/VERSION/ARTIFACT;
                                  ghr://OWNER/REPO[?enterprise-url=...&artifact=...], the
                                  assets of the release tagged VERSION; or
                                  grpc://HOST:PORT[?no-tls=true], whose Current must name
                                  VERSION and the artifact's https://, http:// or s3:// URL
        --version=VERSION         the release to fetch
        --into=DIR                the volume's mount path
        --artifact=NAME           the file to take (default: the URL's artifact=, else the
                                  first archive whose name holds this OS and architecture)
        --max-size=QUANTITY       refuse larger downloads (default 512Mi)
        --termination-log=PATH    where the failure message goes, besides stderr
                                  (default /dev/termination-log, when it exists)

      Credentials come from the environment only: for s3://, AWS_ACCESS_KEY_ID and
      AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), else the AWS default chain; for
      ghr://, GITHUB_TOKEN (or GH_TOKEN), or GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and
      GITHUB_APP_PRIVATE_KEY.
      """;

  /** Parses the arguments after "fetch"; throws with a message naming the bad flag. */
  public static FetchOptions parse(String... args) {
    String source = null;
    String version = null;
    Path into = null;
    Optional<String> artifact = Optional.empty();
    long maxSize = DEFAULT_MAX_SIZE;
    Path terminationLog = TERMINATION_LOG;
    boolean help = false;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? null : arg.substring(eq + 1);
      switch (name) {
        case "--source" -> source = required(name, value);
        case "--version" -> version = versionName(required(name, value));
        case "--into" -> into = Path.of(required(name, value));
        case "--artifact" -> artifact = Optional.of(required(name, value));
        case "--max-size" -> maxSize = size(name, required(name, value));
        case "--termination-log" -> terminationLog = Path.of(required(name, value));
        case "--help", "-h" -> help = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option \"" + arg + "\" (see fetch --help for the options)");
      }
    }
    if (!help && (source == null || version == null || into == null)) {
      throw new IllegalArgumentException("fetch needs --source, --version and --into");
    }
    return new FetchOptions(source, version, into, artifact, maxSize, terminationLog, help);
  }

  private static String required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " needs a value, as " + name + "=VALUE");
    }
    return value;
  }

  /** A version becomes a folder name, so it may not name another folder. */
  private static String versionName(String version) {
    if (!version.matches("[0-9A-Za-z_+-][0-9A-Za-z._+-]*") || version.equals("..")) {
      throw new IllegalArgumentException(
          "--version: \"" + version + "\" is not a version (letters, digits, . _ + - only)");
    }
    return version;
  }

  private static long size(String name, String value) {
    try {
      long bytes = Quantity.getAmountInBytes(Quantity.parse(value)).longValueExact();
      if (bytes <= 0) {
        throw new ArithmeticException();
      }
      return bytes;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          name + ": \"" + value + "\" is not a size (expected bytes or a quantity, as 512Mi)");
    }
  }
}
