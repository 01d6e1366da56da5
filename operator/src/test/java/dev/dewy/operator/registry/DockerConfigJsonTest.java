package dev.dewy.operator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerConfigJsonTest {

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          registry.example.com      | registry.example.com
          registry.example.com      | https://registry.example.com
          registry.example.com      | https://registry.example.com/v2/
          registry.example.com      | registry.example.com/shop
          REGISTRY.example.com      | registry.example.com
          registry.example.com:5000 | http://registry.example.com:5000
          registry-1.docker.io      | https://index.docker.io/v1/
          registry-1.docker.io      | docker.io
          registry-1.docker.io      | registry-1.docker.io
          """)
  void keyWithOrWithoutSchemeAndPathMatchesTheHost(String host, String key) {
    // given
    String json = "{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}".formatted(key, base64("bob:pa:ss"));

    // then
    assertThat(DockerConfigJson.credentialsFor(host, json))
        .contains(new RegistryCredentials("bob", "pa:ss"));
  }

  @ParameterizedTest(name = "{0} not in {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          registry.example.com      | registry.example.com:5000
          registry.example.com:5000 | registry.example.com
          other.example.com         | https://registry.example.com
          registry.example.com      | https://index.docker.io/v1/
          """)
  void credentialsForOtherHostsAreNotUsed(String host, String key) {
    String json = "{\"auths\":{\"%s\":{\"auth\":\"%s\"}}}".formatted(key, base64("bob:pw"));

    assertThat(DockerConfigJson.credentialsFor(host, json)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void usernameAndPasswordFieldsServeWhenThereIsNoAuthField() {
    String json = "{\"auths\":{\"ghcr.io\":{\"username\":\"linyows\",\"password\":\"ghp_x\"}}}";

    assertThat(DockerConfigJson.credentialsFor("ghcr.io", json))
        .contains(new RegistryCredentials("linyows", "ghp_x"));
  }

  @org.junit.jupiter.api.Test
  void anExactKeyWinsOverAnotherDockerHubAlias() {
    String json =
        "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"%s\"},\"registry-1.docker.io\":{\"auth\":\"%s\"}}}"
            .formatted(base64("old:one"), base64("new:one"));

    assertThat(DockerConfigJson.credentialsFor("registry-1.docker.io", json))
        .contains(new RegistryCredentials("new", "one"));
  }

  @org.junit.jupiter.api.Test
  void legacyDockercfgWithoutAuthsWrapperIsRead() {
    String json = "{\"registry.example.com\":{\"auth\":\"%s\"}}".formatted(base64("a:b"));

    assertThat(DockerConfigJson.credentialsFor("registry.example.com", json))
        .contains(new RegistryCredentials("a", "b"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          `{"auths":`                                        | .dockerconfigjson is not valid JSON
          `[]`                                               | .dockerconfigjson must be a JSON object, as {"auths": {"HOST": {"auth": ...}}}
          `{"auths":{"r.example.com":{"auth":"!!!"}}}`        | .dockerconfigjson: auths["r.example.com"].auth is not base64 of USERNAME:PASSWORD
          `{"auths":{"r.example.com":{"auth":"Ym9i"}}}`       | .dockerconfigjson: auths["r.example.com"].auth is not base64 of USERNAME:PASSWORD
          `{"auths":{"r.example.com":{"email":"a@b.c"}}}`     | .dockerconfigjson: auths["r.example.com"] has neither auth nor username and password
          """)
  void brokenDocumentIsRejectedWithWhatIsWrong(String json, String message) {
    assertThatThrownBy(() -> DockerConfigJson.credentialsFor("r.example.com", json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @org.junit.jupiter.api.Test
  void credentialsNeverPrintTheirPassword() {
    assertThat(new RegistryCredentials("bob", "hunter2").toString())
        .isEqualTo("RegistryCredentials[username=bob, password=***]");
    assertThat(Optional.of(new RegistryCredentials("bob", "hunter2")).toString())
        .doesNotContain("hunter2");
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
