package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryUrlTest {

  @Test
  void imageUrlGivesHostWithPortRepositoryAndHttpsForRemoteHosts() {
    // when
    RegistryUrl url = RegistryUrl.parse("img://registry.example.com:5000/shop/myapp");

    // then
    assertThat(url)
        .isEqualTo(
            new ImageRegistryUrl(
                "registry.example.com:5000", "shop/myapp", false, ReleaseOptions.DEFAULT));
    assertThat(((ImageRegistryUrl) url).baseUrl()).isEqualTo("https://registry.example.com:5000");
  }

  @Test
  void loopbackHostsAndInsecureOptionUsePlainHttp() {
    assertThat(image("img://localhost:5000/app").baseUrl()).isEqualTo("http://localhost:5000");
    assertThat(image("img://127.0.0.1:5000/app").baseUrl()).isEqualTo("http://127.0.0.1:5000");
    assertThat(image("img://registry.lan:80/app?insecure=true").baseUrl())
        .isEqualTo("http://registry.lan:80");
  }

  @Test
  void dockerHubNamesMapToItsRegistryHostAndOfficialImagesToLibrary() {
    assertThat(image("img://docker.io/nginx").host()).isEqualTo("registry-1.docker.io");
    assertThat(image("img://docker.io/nginx").repository()).isEqualTo("library/nginx");
    assertThat(image("img://index.docker.io/linyows/dewy").repository()).isEqualTo("linyows/dewy");
  }

  @Test
  void imageReferenceIsWhatAContainerImageFieldHolds() {
    assertThat(image("img://registry.example.com:5000/shop/myapp").imageReference("v1.2.0"))
        .isEqualTo("registry.example.com:5000/shop/myapp:v1.2.0");
    assertThat(image("img://docker.io/nginx").imageReference("1.27.0"))
        .isEqualTo("docker.io/library/nginx:1.27.0");
  }

  @Test
  void policyOptionsAreReadAndLocationDropsThem() {
    // when
    ImageRegistryUrl url =
        image(
            "img://ghcr.io/linyows/app?pre-release=true&calver=YYYY.0M.MICRO&constraint=%3E%3D1.2");

    // then
    assertThat(url.options())
        .isEqualTo(
            new ReleaseOptions(
                true, Optional.of("YYYY.0M.MICRO"), Optional.of(">=1.2"), Optional.empty()));
    assertThat(url.location()).isEqualTo(image("img://ghcr.io/linyows/app"));
  }

  @Test
  void githubReleasesUrlWithEnterpriseApiAndArtifact() {
    // when
    RegistryUrl url =
        RegistryUrl.parse(
            "ghr://linyows/dewy?artifact=dewy_linux_amd64.tar.gz&enterprise-url=https://ghe.example.com/api/v3");

    // then
    assertThat(url)
        .isEqualTo(
            new GitHubReleasesUrl(
                "linyows",
                "dewy",
                Optional.of(URI.create("https://ghe.example.com/api/v3")),
                new ReleaseOptions(
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("dewy_linux_amd64.tar.gz"))));
  }

  @Test
  void s3UrlWithPrefixAndEndpoint() {
    assertThat(
            RegistryUrl.parse(
                "s3://ap-northeast-1/my-releases/apps/myapp?endpoint=http://127.0.0.1:9000"))
        .isEqualTo(
            new S3Url(
                "ap-northeast-1",
                "my-releases",
                "apps/myapp",
                Optional.of(URI.create("http://127.0.0.1:9000")),
                ReleaseOptions.DEFAULT));
    assertThat(((S3Url) RegistryUrl.parse("s3://us-east-1/bucket")).prefix()).isEmpty();
  }

  @Test
  void gcsUrlWithPrefix() {
    assertThat(RegistryUrl.parse("gs://my-releases-bucket/myapp/"))
        .isEqualTo(
            new GcsUrl("my-releases-bucket", "myapp", Optional.empty(), ReleaseOptions.DEFAULT));
  }

  @Test
  void gcsUrlWithEndpoint() {
    assertThat(RegistryUrl.parse("gs://releases/apps/myapp?endpoint=http://127.0.0.1:4443"))
        .isEqualTo(
            new GcsUrl(
                "releases",
                "apps/myapp",
                Optional.of(URI.create("http://127.0.0.1:4443")),
                ReleaseOptions.DEFAULT));
  }

  @Test
  void grpcUrlWithPortAndNoTls() {
    assertThat(RegistryUrl.parse("grpc://localhost:9000?no-tls=true"))
        .isEqualTo(new GrpcUrl("localhost", 9000, true));
    assertThat(RegistryUrl.parse("grpc://registry.example.com:9000"))
        .isEqualTo(new GrpcUrl("registry.example.com", 9000, false));
  }

  private static ImageRegistryUrl image(String url) {
    return (ImageRegistryUrl) RegistryUrl.parse(url);
  }
}
