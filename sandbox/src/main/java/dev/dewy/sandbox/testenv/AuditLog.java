package dev.dewy.sandbox.testenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-apiserver's audit log, as the control plane writes it: one JSON event per request made by a
 * service account outside kube-system. Tests read it to find what RBAC refused, and what the
 * operator really used.
 */
public final class AuditLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  /** A point in the log; {@link #since} reads what came after it. */
  public long mark() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The requests logged after {@code mark} by {@code user}, in order. */
  public List<Request> since(long mark, String user) {
    List<Request> requests = new ArrayList<>();
    if (!Files.exists(file)) {
      return requests;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(Math.min(mark, in.length()));
      byte[] rest = new byte[(int) (in.length() - in.getFilePointer())];
      in.readFully(rest);
      for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        if (user.equals(event.path("user").path("username").asText())) {
          requests.add(Request.of(event));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the audit log " + file, e);
    }
    return requests;
  }

  /**
   * The requests {@code user} made after {@code mark} that authorization refused; not other 403s,
   * such as a write into a namespace being deleted.
   */
  public List<Request> forbidden(long mark, String user) {
    return since(mark, user).stream().filter(Request::refusedByAuthorization).toList();
  }

  /**
   * One request as RBAC sees it.
   *
   * @param resource {@code group/resource} or {@code group/resource/subresource}; the core group is
   *     empty ({@code /pods/log})
   */
  public record Request(
      String verb, String resource, String namespace, String uri, int code, String decision) {

    /** Whether RBAC said no ({@code authorization.k8s.io/decision: forbid}). */
    public boolean refusedByAuthorization() {
      return "forbid".equals(decision);
    }

    static Request of(JsonNode event) {
      JsonNode object = event.path("objectRef");
      String resource =
          object.path("apiGroup").asText("") + "/" + object.path("resource").asText("");
      if (object.hasNonNull("subresource")) {
        resource += "/" + object.path("subresource").asText();
      }
      return new Request(
          event.path("verb").asText(),
          resource,
          object.path("namespace").asText(""),
          event.path("requestURI").asText(),
          event.path("responseStatus").path("code").asInt(),
          event.path("annotations").path("authorization.k8s.io/decision").asText(""));
    }

    @Override
    public String toString() {
      return verb
          + " "
          + resource
          + (namespace.isEmpty() ? "" : " in namespace " + namespace)
          + " ("
          + code
          + " for "
          + uri
          + ")";
    }
  }
}
