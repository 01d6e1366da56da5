package dev.dewy.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the kubeconfig that points kubectl (and any client) at a sandbox. */
final class Kubeconfig {
  private Kubeconfig() {}

  /** Writes it readable by its owner only: the token is the sandbox's one credential. */
  static Path write(Path file, String url, String caData, String token) {
    String text =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dewy-sandbox
          cluster:
            server: %s
            certificate-authority-data: %s
        users:
        - name: dewy-sandbox
          user:
            token: %s
        contexts:
        - name: dewy-sandbox
          context:
            cluster: dewy-sandbox
            user: dewy-sandbox
            namespace: default
        current-context: dewy-sandbox
        """
            .formatted(url, caData, token);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }
}
