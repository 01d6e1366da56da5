package dev.dewy.operator.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code grpc://HOST:PORT}: a server implementing Dewy's RegistryService, which picks the version
 * itself, so the policy options do not apply. {@code no-tls=true} drops TLS; {@code artifact=} is
 * passed on to the server, which chooses the file by it.
 */
public record GrpcUrl(String host, int port, boolean noTls, Optional<String> artifact)
    implements RegistryUrl {
  private static final String FORM = "grpc://HOST:PORT";
  private static final String SERVER_DECIDES = "the gRPC server chooses the version";

  @Override
  public String scheme() {
    return "grpc";
  }

  public GrpcUrl(String host, int port, boolean noTls) {
    this(host, port, noTls, Optional.empty());
  }

  /**
   * The server's pick counts even when it is a pre-release: the policy does not second-guess it.
   */
  @Override
  public ReleaseOptions options() {
    return new ReleaseOptions(true, Optional.empty(), Optional.empty(), artifact);
  }

  /** The URL as messages name it. */
  public String describe() {
    return "grpc://" + host + ":" + port;
  }

  @Override
  public GrpcUrl location() {
    return this;
  }

  static GrpcUrl from(UrlParts parts) {
    if (!parts.path().isEmpty()) {
      throw new RegistryUrlException(
          "grpc:// takes no path (got \"/%s\"), as %s".formatted(parts.path(), FORM));
    }
    HostPort hostPort = HostPort.parse("grpc", parts.authority(), FORM);
    if (hostPort.port().isEmpty()) {
      throw new RegistryUrlException(
          "grpc:// needs a port, as %s (got \"%s\")".formatted(FORM, parts.original()));
    }
    QueryOptions query =
        parts.options(
            List.of("no-tls", "artifact"),
            Map.of(
                "pre-release", SERVER_DECIDES,
                "calver", SERVER_DECIDES,
                "constraint", SERVER_DECIDES));
    return new GrpcUrl(
        hostPort.host(),
        hostPort.port().getAsInt(),
        query.bool("no-tls"),
        query.nonEmpty("artifact", "a file name, as artifact=myapp_linux_amd64.tar.gz"));
  }
}
