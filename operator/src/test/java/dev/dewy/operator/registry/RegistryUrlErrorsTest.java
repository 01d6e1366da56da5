package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryUrlErrorsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          ''                                          | spec.registry: must not be empty (expected a registry URL, as img://registry.example.com/shop/myapp)
          ' img://r.example.com/app'                  | spec.registry: must not contain spaces or control characters (got "img://r.example.com/app")
          registry.example.com/shop/myapp             | spec.registry: "registry.example.com/shop/myapp" has no scheme (expected img://, ghr://, s3://, gs:// or grpc://)
          imgs://registry.example.com/app             | spec.registry: unknown scheme "imgs" (expected img, ghr, s3, gs or grpc)
          img://registry.example.com                  | spec.registry: img:// needs a host and a repository, as img://HOST/REPO (got "img://registry.example.com")
          img://registry.example.com/                 | spec.registry: img:// needs a host and a repository, as img://HOST/REPO (got "img://registry.example.com/")
          img://nginx                                 | spec.registry: img:// needs a host and a repository, as img://HOST/REPO (got "img://nginx"); for Docker Hub write img://docker.io/library/nginx
          img://myuser/myapp                          | spec.registry: img:// host "myuser" is not a registry host (expected a name with a dot or a port, or localhost; for Docker Hub write img://docker.io/myuser/myapp)
          img://registry.example.com:abc/app          | spec.registry: img:// port "abc" is not a number (expected img://HOST/REPO)
          img://registry_example.com/app              | spec.registry: img:// host "registry_example.com" is not a host name or IP address (expected img://HOST/REPO)
          img://registry.example.com/Shop/App         | spec.registry: img:// repository "Shop/App" is not a valid repository name (expected lowercase letters, digits and the separators . _ - between them, as shop/myapp)
          img://registry.example.com/shop/myapp:v1    | spec.registry: img:// takes no tag or digest (got ":v1"); the operator picks the tag from the registry, and spec.version pins one
          img://bob:secret@registry.example.com/app   | spec.registry: credentials do not belong in the URL; put them in the Secret named by spec.credentialsSecret
          img://registry.example.com/app#latest       | spec.registry: a registry URL takes no fragment (got "#latest")
          img://r.example.com/app?pre-release=yes     | spec.registry: pre-release must be true or false (got "yes")
          img://r.example.com/app?pre-release         | spec.registry: pre-release must be true or false (got "")
          img://r.example.com/app?prerelease=true     | spec.registry: unknown option "prerelease" (expected pre-release, calver, constraint or insecure)
          img://r.example.com/app?artifact=app.tgz    | spec.registry: img:// does not take artifact (an image is its own artifact)
          img://r.example.com/app?calver=             | spec.registry: calver needs a format, as calver=YYYY.0M.0D.MICRO
          img://r.example.com/app?insecure=1          | spec.registry: insecure must be true or false (got "1")
          img://r.example.com/app?pre-release=true&pre-release=false | spec.registry: option "pre-release" is given twice
          img://r.example.com/app?calver=%zz          | spec.registry: option "calver=%zz" has a broken %-escape (expected %XX with two hex digits)
          ghr://linyows                               | spec.registry: ghr:// needs an owner and a repository, as ghr://OWNER/REPO (got "ghr://linyows")
          ghr://linyows/dewy/releases                 | spec.registry: ghr:// needs an owner and a repository, as ghr://OWNER/REPO (got "ghr://linyows/dewy/releases")
          ghr://linyows/dewy?enterprise-url=ftp://x   | spec.registry: enterprise-url must be an http or https URL, as enterprise-url=https://HOST (got "ftp://x")
          ghr://linyows/dewy?no-tls=true              | spec.registry: unknown option "no-tls" (expected pre-release, calver, constraint, artifact or enterprise-url)
          s3://ap-northeast-1                         | spec.registry: s3:// needs a region and a bucket, as s3://REGION/BUCKET/PREFIX (got "s3://ap-northeast-1")
          s3://ap-northeast-1/My_Releases/app        | spec.registry: s3:// bucket "My_Releases" is not a valid bucket name (expected 3 to 63 lowercase letters, digits, dots, hyphens or underscores)
          s3://Tokyo/releases/app                     | spec.registry: s3:// region "Tokyo" is not a region name (expected e.g. ap-northeast-1)
          gs://                                       | spec.registry: gs:// needs a bucket, as gs://BUCKET/PREFIX (got "gs://")
          gs://releases//app                          | spec.registry: the prefix "/app" has an empty segment ("//")
          gs://releases/app?endpoint=localhost:4443   | spec.registry: endpoint must be an http or https URL, as endpoint=https://HOST (got "localhost:4443")
          gs://releases/app?region=us                 | spec.registry: unknown option "region" (expected pre-release, calver, constraint, artifact or endpoint)
          grpc://registry.example.com                 | spec.registry: grpc:// needs a port, as grpc://HOST:PORT (got "grpc://registry.example.com")
          grpc://registry.example.com:abc             | spec.registry: grpc:// port "abc" is not a number (expected grpc://HOST:PORT)
          grpc://registry.example.com:70000           | spec.registry: grpc:// port 70000 is out of range (expected 1 to 65535)
          grpc://registry.example.com:9000/dewy       | spec.registry: grpc:// takes no path (got "/dewy"), as grpc://HOST:PORT
          grpc://localhost:9000?pre-release=true      | spec.registry: grpc:// does not take pre-release (the gRPC server chooses the version)
          grpc://localhost:9000?no-tls=yes            | spec.registry: no-tls must be true or false (got "yes")
          """)
  void malformedRegistryUrlIsRejectedWithAMessageNamingTheFix(String url, String message) {
    assertThatThrownBy(() -> RegistryUrl.parse(url))
        .isInstanceOf(RegistryUrlException.class)
        .hasMessage(message);
  }
}
