package dev.dewy.sandbox.patch;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** RFC 7386 merge patch. */
class MergePatchTest {
  @Test
  void arraysAreReplacedNotAppended() {
    JsonNode result =
        MergePatch.apply(json("{'c':[{'type':'A'},{'type':'B'}]}"), json("{'c':[{'type':'B'}]}"));
    assertThat(result).isEqualTo(json("{'c':[{'type':'B'}]}"));
  }

  @Test
  void nullDeletesAndObjectsMergeDeeply() {
    JsonNode result =
        MergePatch.apply(
            json("{'a':{'b':1,'c':2},'d':3}"), json("{'a':{'c':null,'e':4},'d':null}"));
    assertThat(result).isEqualTo(json("{'a':{'b':1,'e':4}}"));
  }

  @Test
  void aNonObjectPatchReplacesTheTarget() {
    assertThat(MergePatch.apply(json("{'a':1}"), json("[1]"))).isEqualTo(json("[1]"));
  }

  @Test
  void theTargetIsNotChanged() {
    JsonNode target = json("{'a':1}");
    MergePatch.apply(target, json("{'a':2}"));
    assertThat(target).isEqualTo(json("{'a':1}"));
  }
}
