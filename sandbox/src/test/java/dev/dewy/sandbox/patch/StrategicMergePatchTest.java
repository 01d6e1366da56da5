package dev.dewy.sandbox.patch;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Strategic merge patch on the pod-spec lists the operator touches. */
class StrategicMergePatchTest {
  static final String POD =
      "{'containers':[{'name':'app','image':'a:1','env':[{'name':'X','value':'1'}]},"
          + "{'name':'side','image':'s:1'}],'volumes':[{'name':'v1'},{'name':'v2'}]}";

  @Test
  void containersMergeByNameKeepingTheOthers() {
    var result =
        StrategicMergePatch.apply(
            json(POD), json("{'containers':[{'name':'app','env':[{'name':'Y','value':'2'}]}]}"));
    assertThat(result)
        .isEqualTo(
            json(
                "{'containers':[{'name':'app','image':'a:1','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]},"
                    + "{'name':'side','image':'s:1'}],'volumes':[{'name':'v1'},{'name':'v2'}]}"));
  }

  @Test
  void deleteDirectiveRemovesTheKeyedElement() {
    var result =
        StrategicMergePatch.apply(json(POD), json("{'volumes':[{'name':'v1','$patch':'delete'}]}"));
    assertThat(result.get("volumes")).isEqualTo(json("[{'name':'v2'}]"));
  }

  @Test
  void replaceDirectiveReplacesTheWholeList() {
    var result =
        StrategicMergePatch.apply(
            json(POD), json("{'containers':[{'name':'only','image':'o:1'},{'$patch':'replace'}]}"));
    assertThat(result.get("containers")).isEqualTo(json("[{'name':'only','image':'o:1'}]"));
  }

  @Test
  void volumeMountsMergeByMountPathAndOrderHintsAreIgnored() {
    var result =
        StrategicMergePatch.apply(
            json("{'volumeMounts':[{'name':'a','mountPath':'/a'}]}"),
            json(
                "{'$setElementOrder/volumeMounts':[{'mountPath':'/a'}],'volumeMounts':[{'name':'b','mountPath':'/a'}]}"));
    assertThat(result).isEqualTo(json("{'volumeMounts':[{'name':'b','mountPath':'/a'}]}"));
  }

  @Test
  void unkeyedListsAreReplacedAndNullDeletes() {
    var result =
        StrategicMergePatch.apply(
            json("{'args':['a','b'],'x':1}"), json("{'args':['c'],'x':null}"));
    assertThat(result).isEqualTo(json("{'args':['c']}"));
  }

  @Test
  void deleteFromPrimitiveListRemovesValues() {
    var result =
        StrategicMergePatch.apply(
            json("{'finalizers':['a','b']}"),
            json("{'$deleteFromPrimitiveList/finalizers':['a']}"));
    assertThat(result).isEqualTo(json("{'finalizers':['b']}"));
  }
}
