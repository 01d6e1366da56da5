package dev.dewy.operator.registry;

import java.util.List;
import java.util.Map;

/**
 * {@code grpc://HOST:PORT}: a server implementing Dewy's RegistryService, which picks the version
 * itself, so the policy options do not apply. {@code no-tls=true} drops TLS.
 */
public record GrpcUrl(String host, int port, boolean noTls) implements RegistryUrl {
  private static final String FORM = "grpc://HOST:PORT";
  private static final String SERVER_DECIDES = "the gRPC server chooses the version";

  @Override
  public String scheme() {
    return "grpc";
  }

  @Override
  public ReleaseOptions options() {
    return ReleaseOptions.DEFAULT;
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
            List.of("no-tls"),
            Map.of(
                "pre-release", SERVER_DECIDES,
                "calver", SERVER_DECIDES,
                "constraint", SERVER_DECIDES,
                "artifact", SERVER_DECIDES));
    return new GrpcUrl(hostPort.host(), hostPort.port().getAsInt(), query.bool("no-tls"));
  }
}
