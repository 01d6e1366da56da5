package dev.dewy.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.sandbox.api.ServingCertificate;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** Starting, wiring and stopping sandboxes from Java. Sandbox only: that is what it tests. */
class SandboxIT {

  @Test
  void controllersStartWithTheirOwnClientOnceTheApiServesAndStopWithTheSandbox() {
    AtomicBoolean stopped = new AtomicBoolean();
    SandboxController marker =
        client -> {
          client
              .configMaps()
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("controller-started")
                      .endMetadata()
                      .build())
              .create();
          return () -> stopped.set(true);
        };
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().controller(marker));
    try {
      assertThat(sandbox.client().configMaps().withName("controller-started").get()).isNotNull();
      assertThat(stopped).isFalse();
    } finally {
      sandbox.close();
    }
    assertThat(stopped).isTrue();
  }

  @Test
  void twoSandboxesInOneJvmShareNothing() throws Exception {
    try (Sandbox first = Sandbox.start();
        Sandbox second = Sandbox.start()) {
      first
          .client()
          .configMaps()
          .resource(
              new ConfigMapBuilder().withNewMetadata().withName("only-here").endMetadata().build())
          .create();
      assertThat(second.client().configMaps().withName("only-here").get()).isNull();
      assertThat(first.url()).isNotEqualTo(second.url()).startsWith("https://127.0.0.1:");
      assertThat(Files.readString(first.kubeconfig()))
          .contains(
              "server: " + first.url(), "namespace: default", "current-context: dewy-sandbox");
    }
  }

  @Test
  void theStandInsRemoveTheirPodWorkDirectoryWhenTheyStop() throws Exception {
    java.nio.file.Path workRoot;
    try (Sandbox sandbox = Sandbox.start();
        var client = sandbox.newClient();
        var controllers =
            dev.dewy.sandbox.controllers.Controllers.start(
                client, dev.dewy.sandbox.controllers.ControllerOptions.defaults())) {
      workRoot = controllers.workRoot();
      sandbox.client().batch().v1().jobs().resource(TestObjects.job("hook")).create();
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .until(
              () -> {
                var job = sandbox.client().batch().v1().jobs().withName("hook").get();
                return job.getStatus() != null
                    && Integer.valueOf(1).equals(job.getStatus().getSucceeded());
              });
      assertThat(workRoot).isDirectory();
      assertThat(workRoot.getFileName().toString()).startsWith("sandbox-pods-");
    }
    assertThat(workRoot).doesNotExist();
  }

  @Test
  void withoutCredentialsTheSandboxOpensOnlyItsVersionAndHealth() throws Exception {
    // kube-apiserver lets anonymous requests through to RBAC, which answers 403; the sandbox has
    // no RBAC and refuses them with 401, as kube-apiserver with --anonymous-auth=false does
    Sandbox sandbox = Sandbox.start();
    try {
      String url = sandbox.url();
      HttpClient http =
          HttpClient.newBuilder().sslContext(trusting(ServingCertificate.get())).build();
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/namespaces")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(401);
      JsonNode status = new ObjectMapper().readTree(list.body());
      assertThat(status.path("kind").asText()).isEqualTo("Status");
      assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
      assertThat(status.path("code").asInt()).isEqualTo(401);
      for (String open : new String[] {"/version", "/healthz", "/readyz", "/livez"}) {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(url + open)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(open).isNotEqualTo(401);
      }
      assertThat(Files.getPosixFilePermissions(sandbox.kubeconfig()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    } finally {
      sandbox.close();
    }
  }

  /** TLS that trusts the sandbox's certificate, and sends no credential. */
  private static SSLContext trusting(ServingCertificate certificate) throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry(
        "sandbox",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    certificate.certificatePem().getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
