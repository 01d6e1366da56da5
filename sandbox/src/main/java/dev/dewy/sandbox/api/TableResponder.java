package dev.dewy.sandbox.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers {@code kubectl get}'s request for a meta.k8s.io Table: a CRD's printer columns, or NAME
 * and AGE for built-ins.
 */
public final class TableResponder {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final Clock clock;

  public TableResponder(Clock clock) {
    this.clock = clock;
  }

  /** Whether the Accept header asks for a Table. */
  public static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  public ObjectNode table(
      ResourceType type, List<ObjectNode> objects, String resourceVersion, boolean withColumns) {
    List<TableColumn> columns = columns(type);
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", resourceVersion);
    if (withColumns) {
      ArrayNode definitions = table.putArray("columnDefinitions");
      columns.forEach(c -> definitions.add(c.definition()));
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      columns.forEach(c -> cells.add(c.cell().apply(object)));
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return table;
  }

  private List<TableColumn> columns(ResourceType type) {
    BuiltInColumns builtIns = new BuiltInColumns(() -> Instant.now(clock));
    if (!type.isCustom()) {
      return builtIns.of(type.storageKey());
    }
    List<TableColumn> columns = new ArrayList<>();
    columns.add(TableColumn.text("Name", "Name must be unique within a namespace.", Meta::name));
    if (type.printerColumns().isEmpty()) {
      columns.add(
          TableColumn.text(
              "Age",
              "Time since the object was created.",
              o -> builtIns.since(o.path("metadata").path("creationTimestamp"))));
    }
    type.printerColumns()
        .forEach(
            c ->
                columns.add(
                    TableColumn.printer(
                        c, t -> builtIns.since(JsonNodeFactory.instance.textNode(t)))));
    return columns;
  }
}
