package dev.dewy.sandbox.api;

import static dev.dewy.sandbox.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resuming watches from a listed resourceVersion, and expiring them. */
class ObjectStoreTest {
  final ObjectStore store = new ObjectStore();

  @Test
  void aWatchFromAListedVersionReplaysOnlyLaterChanges() {
    store.put("/configmaps", map("a", "1"));
    String listed = Long.toString(store.currentVersion());
    store.put("/configmaps", map("a", "2"));
    store.put("/configmaps", map("b", "1"));
    List<String> seen = new ArrayList<>();
    store.watch(
        "/configmaps",
        o -> true,
        listed,
        c ->
            seen.add(
                c.type()
                    + " "
                    + Meta.name(c.object())
                    + " "
                    + c.object().path("data").path("v").asText()));
    store.remove("/configmaps", "default", "a");
    assertThat(seen).containsExactly("MODIFIED a 2", "ADDED b 1", "DELETED a 2");
  }

  @Test
  void replayedChangesKeepTheVersionTheyHadWhenTheyHappened() {
    store.put("/configmaps", map("a", "1"));
    store.remove("/configmaps", "default", "a");
    List<String> seen = new ArrayList<>();
    store.watch(
        "/configmaps",
        o -> true,
        "1",
        c -> seen.add(c.type() + " " + Meta.resourceVersion(c.object())));
    assertThat(seen).containsExactly("ADDED 2", "DELETED 3");
  }

  @Test
  void aWatchWithoutAVersionStartsWithEveryMatchingObject() {
    store.put("/configmaps", map("a", "1"));
    store.put("/configmaps", map("b", "1"));
    List<String> seen = new ArrayList<>();
    store.watch(
        "/configmaps",
        o -> Meta.name(o).equals("b"),
        null,
        c -> seen.add(c.type() + " " + Meta.name(c.object())));
    assertThat(seen).containsExactly("ADDED b");
  }

  @Test
  void aWatchFromAForgottenVersionIsExpired() {
    for (int i = 0; i < 10_005; i++) {
      store.put("/configmaps", map("a", Integer.toString(i)));
    }
    assertThatThrownBy(() -> store.watch("/configmaps", o -> true, "2", c -> {}))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(410);
              assertThat(e.getMessage()).startsWith("too old resource version: 2");
            });
  }

  private static ObjectNode map(String name, String value) {
    return (ObjectNode)
        json(
            "{'metadata':{'name':'"
                + name
                + "','namespace':'default'},'data':{'v':'"
                + value
                + "'}}");
  }
}
