package dev.dewy.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How request paths split into group, version, namespace, resource, name and subresource. */
class ApiPathTest {
  @Test
  void namespacedCustomResourceStatus() {
    assertThat(
            ApiPath.parse("/apis/dewy.dev/v1alpha1/namespaces/shop/dewydeployments/myapp/status"))
        .isEqualTo(
            new ApiPath("dewy.dev", "v1alpha1", "shop", "dewydeployments", "myapp", "status"));
  }

  @Test
  void namespacesThemselvesAreClusterScoped() {
    assertThat(ApiPath.parse("/api/v1/namespaces/shop"))
        .isEqualTo(new ApiPath("", "v1", null, "namespaces", "shop", null));
    assertThat(ApiPath.parse("/api/v1/namespaces/shop/status"))
        .isEqualTo(new ApiPath("", "v1", null, "namespaces", "shop", "status"));
  }

  @Test
  void podLogsAndCollections() {
    assertThat(ApiPath.parse("/api/v1/namespaces/a/pods/p/log").subresource()).isEqualTo("log");
    assertThat(ApiPath.parse("/apis/batch/v1/jobs").isCollection()).isTrue();
    assertThat(ApiPath.parse("/version")).isNull();
  }
}
