package dev.dewy.operator.registry;

import dev.dewy.operator.registry.ArtifactChoice.Platform;
import dev.dewy.operator.registry.grpc.CurrentRequest;
import dev.dewy.operator.registry.grpc.CurrentResponse;
import dev.dewy.operator.registry.grpc.RegistryServiceGrpc;
import dev.dewy.operator.registry.grpc.RegistryServiceGrpc.RegistryServiceBlockingStub;
import dev.dewy.operator.registry.grpc.ReportRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code grpc://HOST:PORT}: a server implementing Dewy's RegistryService names the one release to
 * run ({@code Current}) and hears when it shipped ({@code Report}). Every call has a deadline;
 * every failure becomes a {@link RegistryException} that says what to check.
 */
public final class GrpcRegistry implements Registry {
  /** How long one call may take before the server counts as not answering. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  /** Dewy reports the command it ran; unpacking files for a workload is its {@code assets}. */
  static final String COMMAND = "assets";

  /** What {@code Current} answered: the version, the id a report quotes, and the download. */
  public record Release(String id, String tag, String artifactUrl) {}

  private final GrpcUrl url;
  private final Platform platform;
  private final Duration deadline;
  private final ManagedChannel channel;
  private final RegistryServiceBlockingStub stub;

  /** The id each served tag came with, for the report after that tag is deployed. */
  private final Map<String, String> ids = new ConcurrentHashMap<>();

  public GrpcRegistry(GrpcUrl url, Platform platform, Duration deadline) {
    this.url = url;
    this.platform = platform;
    this.deadline = deadline;
    String host = url.host().replaceAll("^\\[(.*)]$", "$1");
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, url.port());
    this.channel = (url.noTls() ? builder.usePlaintext() : builder.useTransportSecurity()).build();
    this.stub = RegistryServiceGrpc.newBlockingStub(channel);
  }

  /** The single version the server offers now. */
  @Override
  public List<String> tags() throws RegistryException {
    return List.of(current().tag());
  }

  /** Asks {@code Current} for this platform (and the URL's artifact=). */
  public Release current() throws RegistryException {
    CurrentRequest.Builder request =
        CurrentRequest.newBuilder().setOs(platform.os()).setArch(platform.arch());
    url.artifact().ifPresent(request::setArifactName);
    CurrentResponse response;
    try {
      response = withDeadline().current(request.build());
    } catch (StatusRuntimeException e) {
      throw failure("Current", e);
    }
    if (response.getTag().isBlank()) {
      throw new RegistryException(
          RegistryException.Kind.PROTOCOL,
          "%s: Current answered without a tag; the server must name the version to run"
              .formatted(url.describe()));
    }
    ids.put(response.getTag(), response.getId());
    return new Release(response.getId(), response.getTag(), response.getArtifactUrl());
  }

  /**
   * Tells the server {@code version} shipped (Dewy's request names no host), quoting the id {@code
   * Current} gave it (asked again if this client never saw that version, as after an operator
   * restart).
   */
  @Override
  public void report(String version, String shippedTo) throws RegistryException {
    String id = ids.get(version);
    if (id == null) {
      Release now = current();
      id = now.tag().equals(version) ? now.id() : "";
    }
    ReportRequest request =
        ReportRequest.newBuilder().setId(id).setTag(version).setCommand(COMMAND).build();
    try {
      withDeadline().report(request);
    } catch (StatusRuntimeException e) {
      throw failure("Report", e);
    }
  }

  private RegistryServiceBlockingStub withDeadline() {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private RegistryException failure(String method, StatusRuntimeException e) {
    Status status = e.getStatus();
    String where =
        "%s: %s failed with %s%s"
            .formatted(
                url.describe(),
                method,
                status.getCode(),
                status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
    return switch (status.getCode()) {
      case UNAVAILABLE ->
          new RegistryException(
              RegistryException.Kind.UNREACHABLE,
              where
                  + "; is the server running and listening on port %d?%s"
                      .formatted(
                          url.port(),
                          url.noTls()
                              ? ""
                              : " If it serves plaintext, add no-tls=true to spec.registry"),
              e);
      case DEADLINE_EXCEEDED ->
          new RegistryException(
              RegistryException.Kind.UNREACHABLE,
              where
                  + "; no answer within %s: the server is overloaded or the port is not gRPC"
                      .formatted(deadline.toString().substring(2).toLowerCase(Locale.ROOT)),
              e);
      case UNIMPLEMENTED ->
          new RegistryException(
              RegistryException.Kind.PROTOCOL,
              where
                  + "; the server does not implement dewy.RegistryService/%s: it is not a Dewy registry server, check host and port"
                      .formatted(method),
              e);
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          new RegistryException(
              RegistryException.Kind.UNAUTHORIZED,
              where + "; the server refused this client: check what it requires to be called",
              e);
      case NOT_FOUND ->
          new RegistryException(
              RegistryException.Kind.NOT_FOUND,
              where
                  + "; the server has no release for %s/%s%s"
                      .formatted(
                          platform.os(),
                          platform.arch(),
                          url.artifact().map(a -> " named " + a + " (from artifact=)").orElse("")),
              e);
      default ->
          new RegistryException(
              RegistryException.Kind.PROTOCOL, where + "; see the server's log for why", e);
    };
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
