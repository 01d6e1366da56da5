package dev.dewy.sandbox.api;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Decoding the protobuf bodies of kubectl's imperative create. */
class ProtobufBodiesTest {
  /** What {@code kubectl create namespace shop} (1.32) sends, byte for byte. */
  static final String CREATE_NAMESPACE_SHOP =
      "6b3873000a0f0a02763112094e616d657370616365121c0a140a0473686f7012001a0022002a0032003800"
          + "420012001a020a001a002200";

  @Test
  void kubectlCreateNamespaceDecodesToItsJson() {
    var object = ProtobufBodies.decode(HexFormat.of().parseHex(CREATE_NAMESPACE_SHOP));
    assertThat(object)
        .isEqualTo(json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'shop'}}"));
  }

  @Test
  void kindsWithoutADecoderAreRefusedWithAWayOut() {
    byte[] body =
        HexFormat.of()
            .parseHex(
                "6b3873000a"
                    + "12"
                    + "0a"
                    + "07"
                    + hex("apps/v1")
                    + "12"
                    + "0a"
                    + hex("Deployment")
                    + "1200");
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(415);
              assertThat(e.getMessage()).contains("not Deployment", "kubectl apply -f");
            });
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
