package dev.dewy.operator.api;

/**
 * The chart's CRD template: the committed CRD with Helm's labels, behind {@code crds.enabled}, and
 * kept on uninstall behind {@code crds.keep}, as cert-manager's chart does. A template rather than
 * a file in the chart's crds/, because Helm installs crds/ once and never upgrades it.
 */
final class ChartCrdTemplate {
  static final String FILE = "crd-dewydeployments.yaml";

  private static final String METADATA =
      """
      metadata:
        name: "dewydeployments.dewy.dev"
      """;

  private ChartCrdTemplate() {}

  /** The template for {@code crdYaml}, the CRD as {@link CrdFinisher} writes it. */
  static String render(String crdYaml) {
    String body = crdYaml.startsWith("---\n") ? crdYaml.substring(4) : crdYaml;
    if (!body.contains(METADATA) || body.contains("{{")) {
      throw new IllegalStateException("unexpected CRD layout; update ChartCrdTemplate:\n" + body);
    }
    return """
        {{- if .Values.crds.enabled }}
        # crds/dewydeployments.dewy.dev-v1.yml with Helm's labels, written by CommittedCrdTest
        # (run it with -Ddewy.updateCrds=true after changing the API classes); do not edit.
        """
        + body.replace(
            METADATA,
            """
            metadata:
              name: "dewydeployments.dewy.dev"
              labels: {{- include "dewy-operator.labels" . | nindent 4 }}
              {{- if .Values.crds.keep }}
              annotations:
                helm.sh/resource-policy: keep
              {{- end }}
            """)
        + "{{- end }}\n";
  }
}
