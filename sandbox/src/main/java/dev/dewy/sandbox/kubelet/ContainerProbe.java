package dev.dewy.sandbox.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A readiness or liveness probe as kubelet runs it, on the host's network: {@code httpGet} (success
 * is a status from 200 to 399) or {@code tcpSocket}, against 127.0.0.1 unless the probe names a
 * host; ports by number or by the container's port name. Exec and gRPC probes are not run.
 */
record ContainerProbe(
    URI httpUrl,
    InetSocketAddress tcp,
    Duration initialDelay,
    Duration period,
    Duration timeout,
    int successThreshold,
    int failureThreshold) {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** The probe, if it is one the node agent runs. */
  static Optional<ContainerProbe> of(Probe probe, Container container)
      throws ContainerConfigException {
    if (probe == null || (probe.getHttpGet() == null && probe.getTcpSocket() == null)) {
      return Optional.empty();
    }
    URI url = null;
    InetSocketAddress tcp = null;
    if (probe.getHttpGet() != null) {
      var get = probe.getHttpGet();
      String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase();
      if (!scheme.equals("http")) {
        throw new ContainerConfigException(
            "container "
                + container.getName()
                + ": the node agent probes only httpGet with scheme HTTP");
      }
      String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
      url =
          URI.create(
              "http://"
                  + host(get.getHost())
                  + ":"
                  + port(get.getPort(), container)
                  + (path.startsWith("/") ? path : "/" + path));
    } else {
      var socket = probe.getTcpSocket();
      tcp = new InetSocketAddress(host(socket.getHost()), port(socket.getPort(), container));
    }
    return Optional.of(
        new ContainerProbe(
            url,
            tcp,
            Duration.ofSeconds(orDefault(probe.getInitialDelaySeconds(), 0)),
            Duration.ofSeconds(orDefault(probe.getPeriodSeconds(), 10)),
            Duration.ofSeconds(orDefault(probe.getTimeoutSeconds(), 1)),
            orDefault(probe.getSuccessThreshold(), 1),
            orDefault(probe.getFailureThreshold(), 3)));
  }

  /** One attempt; true when it passed. */
  boolean passes() {
    try {
      if (httpUrl != null) {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(httpUrl)
                    .timeout(timeout)
                    .header("User-Agent", "kube-probe/dewy-node-agent")
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() >= 200 && response.statusCode() < 400;
      }
      try (Socket socket = new Socket()) {
        socket.connect(tcp, (int) timeout.toMillis());
        return true;
      }
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String host(String host) {
    return host == null || host.isEmpty() ? "127.0.0.1" : host;
  }

  private static int port(IntOrString port, Container container) throws ContainerConfigException {
    if (port != null && port.getIntVal() != null) {
      return port.getIntVal();
    }
    String name = port == null ? null : port.getStrVal();
    List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
    return ports.stream()
        .filter(p -> p.getName() != null && p.getName().equals(name))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(
            () ->
                new ContainerConfigException(
                    "container "
                        + container.getName()
                        + ": the probe's port \""
                        + name
                        + "\" is not among its ports"));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
