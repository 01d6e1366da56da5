package dev.dewy.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the kubeconfig that points kubectl (and any client) at a sandbox. */
final class Kubeconfig {
  private Kubeconfig() {}

  static Path write(Path file, String url) {
    String text =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: dewy-sandbox
          cluster:
            server: %s
        users:
        - name: dewy-sandbox
          user:
            token: sandbox
        contexts:
        - name: dewy-sandbox
          context:
            cluster: dewy-sandbox
            user: dewy-sandbox
            namespace: default
        current-context: dewy-sandbox
        """
            .formatted(url);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }
}
