package dev.dewy.sandbox.api;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decoding the protobuf bodies of kubectl's typed clients: each body below is what kubectl 1.34
 * sent, byte for byte, and each decodes to the JSON that kubectl's {@code --dry-run=client -o json}
 * prints for the same command (less the empty status the server drops).
 */
class ProtobufBodiesTest {
  /** {@code kubectl create namespace shop} (1.32). */
  static final String CREATE_NAMESPACE_SHOP =
      "6b3873000a0f0a02763112094e616d657370616365121c0a140a0473686f7012001a0022002a0032003800"
          + "420012001a020a001a002200";

  /** {@code kubectl create deployment web --image=nginx:1.25 --replicas=2 --port=80 -n shop}. */
  static final String DEPLOYMENT =
      "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412c1010a230a0377656212001a"
          + "0473686f7022002a003200380042005a0a0a036170701203776562128b010802120c0a0a0a036170"
          + "7012037765621a710a1c0a0012001a0022002a003200380042005a0a0a0361707012037765621251"
          + "12330a056e67696e78120a6e67696e783a312e32352a00320a0a001000185022002a0042006a0072"
          + "00800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c201"
          + "0022020a00280038001a0c0800100018002000280038001a002200";

  /** {@code kubectl create job once --image=busybox:1.36 -n shop -- echo hi}. */
  static final String JOB =
      "6b3873000a0f0a0862617463682f763112034a6f621291010a180a046f6e636512001a0473686f70"
          + "22002a00320038004200126b32690a100a0012001a0022002a00320038004200125512320a046f6e"
          + "6365120c62757379626f783a312e33361a046563686f1a0268692a0042006a007200800100880100"
          + "900100a201001a054e65766572320042004a0052005800600068008201008a01009a0100c201001a"
          + "082000280030003a001a002200";

  /** {@code kubectl auth can-i create pods -n shop}. */
  static final String ACCESS_REVIEW =
      "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c66537562"
          + "6a656374416363657373526576696577123c0a100a0012001a0022002a00320038004200121e0a1c"
          + "0a0473686f7012066372656174651a0022002a04706f647332003a001a08080012001a0020001a00"
          + "2200";

  /** {@code kubectl auth can-i --list -n shop}. */
  static final String RULES_REVIEW =
      "6b3873000a310a17617574686f72697a6174696f6e2e6b38732e696f2f7631121653656c66537562"
          + "6a65637452756c657352657669657712200a100a0012001a0022002a0032003800420012060a0473"
          + "686f701a04180022001a002200";

  /** {@code kubectl create service clusterip svc1 --tcp=80:8080 -n shop}. */
  static final String SERVICE =
      "6b3873000a0d0a02763112075365727669636512700a250a047376633112001a0473686f7022002a"
          + "003200380042005a0b0a0361707012047376633112430a1b0a0738302d3830383012035443501850"
          + "2207080010903f1a002800120b0a036170701204737663311a002209436c757374657249503a0042"
          + "0052005a00600068001a020a001a002200";

  /**
   * {@code kubectl create secret docker-registry reg --docker-server=r.example.com
   * --docker-username=u --docker-password=p -n shop}.
   */
  static final String DOCKER_SECRET =
      "6b3873000a0c0a02763112065365637265741299010a170a0372656712001a0473686f7022002a00"
          + "320038004200125e0a112e646f636b6572636f6e6669676a736f6e12497b226175746873223a7b22"
          + "722e6578616d706c652e636f6d223a7b22757365726e616d65223a2275222c2270617373776f7264"
          + "223a2270222c2261757468223a2264547077227d7d7d1a1e6b756265726e657465732e696f2f646f"
          + "636b6572636f6e6669676a736f6e1a002200";

  @Test
  void kubectlCreateNamespaceDecodesToItsJson() {
    assertThat(decode(CREATE_NAMESPACE_SHOP))
        .isEqualTo(
            json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'shop'},'spec':{}}"));
  }

  @Test
  void kubectlCreateDeploymentDecodesToItsJson() {
    assertThat(decode(DEPLOYMENT))
        .isEqualTo(
            json(
                """
                {'apiVersion':'apps/v1','kind':'Deployment',
                 'metadata':{'name':'web','namespace':'shop','labels':{'app':'web'}},
                 'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},
                  'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[
                   {'name':'nginx','image':'nginx:1.25','ports':[{'containerPort':80}],
                    'resources':{}}]}},
                  'strategy':{}}}
                """));
  }

  @Test
  void kubectlCreateJobDecodesToItsJson() {
    assertThat(decode(JOB))
        .isEqualTo(
            json(
                """
                {'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'once','namespace':'shop'},
                 'spec':{'template':{'metadata':{},'spec':{'containers':[
                  {'name':'once','image':'busybox:1.36','command':['echo','hi'],'resources':{}}],
                  'restartPolicy':'Never'}}}}
                """));
  }

  @Test
  void kubectlCreateServiceDecodesToItsJson() {
    assertThat(decode(SERVICE))
        .isEqualTo(
            json(
                """
                {'apiVersion':'v1','kind':'Service',
                 'metadata':{'name':'svc1','namespace':'shop','labels':{'app':'svc1'}},
                 'spec':{'ports':[{'name':'80-8080','protocol':'TCP','port':80,'targetPort':8080}],
                  'selector':{'app':'svc1'},'type':'ClusterIP'}}
                """));
  }

  @Test
  void kubectlCreateDockerRegistrySecretDecodesToItsJson() {
    assertThat(decode(DOCKER_SECRET))
        .isEqualTo(
            json(
                """
                {'apiVersion':'v1','kind':'Secret','metadata':{'name':'reg','namespace':'shop'},
                 'data':{'.dockerconfigjson':'eyJhdXRocyI6eyJyLmV4YW1wbGUuY29tIjp7InVzZXJuYW1lIjoidSIsInBhc3N3b3JkIjoicCIsImF1dGgiOiJkVHB3In19fQ=='},
                 'type':'kubernetes.io/dockerconfigjson'}
                """));
  }

  @Test
  void kubectlAuthCanIDecodesToItsReviews() {
    assertThat(decode(ACCESS_REVIEW))
        .isEqualTo(
            json(
                """
                {'apiVersion':'authorization.k8s.io/v1','kind':'SelfSubjectAccessReview',
                 'metadata':{},'spec':{'resourceAttributes':
                  {'namespace':'shop','verb':'create','resource':'pods'}}}
                """));
    assertThat(decode(RULES_REVIEW))
        .isEqualTo(
            json(
                """
                {'apiVersion':'authorization.k8s.io/v1','kind':'SelfSubjectRulesReview',
                 'metadata':{},'spec':{'namespace':'shop'}}
                """));
  }

  @Test
  void kindsWithoutATableAreRefusedWithAWayOut() {
    byte[] body =
        HexFormat.of()
            .parseHex("6b3873000a" + "0d" + "0a02" + hex("v1") + "1207" + hex("Binding") + "1200");
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(415);
              assertThat(e.getMessage()).contains("Binding (v1)", "kubectl apply -f");
            });
  }

  @Test
  void aFieldOutsideTheTableIsRefusedUnlessItIsZero() {
    // a Namespace whose metadata also carries field 99: zero (skipped) or 1 (refused)
    String zero = namespaceWithMetadataField("9806" + "00");
    String one = namespaceWithMetadataField("9806" + "01");
    assertThat(ProtobufBodies.decode(HexFormat.of().parseHex(zero)).path("metadata"))
        .isEqualTo(json("{'name':'shop'}"));
    assertThatThrownBy(() -> ProtobufBodies.decode(HexFormat.of().parseHex(one)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(415);
              assertThat(e.getMessage()).contains("field 99 of ObjectMeta");
            });
  }

  @ParameterizedTest
  @CsvSource({"0a05", "0aff01"})
  void aTruncatedBodyIsABadRequestNotACrash(String tail) {
    byte[] body = HexFormat.of().parseHex("6b3873000a0f0a02763112094e616d6573706163651206" + tail);
    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A Namespace named shop whose metadata ends with the given field bytes. */
  private static String namespaceWithMetadataField(String field) {
    String metadata = "0a0473686f70" + field;
    String namespace = "0a" + String.format("%02x", metadata.length() / 2) + metadata;
    String raw = "12" + String.format("%02x", namespace.length() / 2) + namespace;
    return "6b3873000a0f0a02763112094e616d657370616365" + raw;
  }

  private static com.fasterxml.jackson.databind.JsonNode decode(String hex) {
    return ProtobufBodies.decode(HexFormat.of().parseHex(hex));
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
