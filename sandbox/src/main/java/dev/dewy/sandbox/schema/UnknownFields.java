package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the server says about pruned fields under {@code fieldValidation}: with {@code Strict} a 400
 * {@code strict decoding error}, with {@code Warn} (kubectl's default) one {@code Warning} header
 * per field; with {@code Ignore} nothing.
 */
public final class UnknownFields {

  private UnknownFields() {}

  /** The 400 BadRequest Status for {@code fieldValidation=Strict}; paths must not be empty. */
  public static ObjectNode strictError(List<String> prunedFields) {
    String message =
        "strict decoding error: "
            + prunedFields.stream()
                .map(UnknownFields::unknownField)
                .collect(Collectors.joining(", "));
    ObjectNode status = StatusJson.failure(message, "BadRequest");
    status.put("code", 400);
    return status;
  }

  /** The values of the {@code Warning} headers for {@code fieldValidation=Warn}, one per field. */
  public static List<String> warningHeaders(List<String> prunedFields) {
    return prunedFields.stream()
        .map(p -> "299 - " + GoText.quote(unknownField(p)))
        .collect(Collectors.toList());
  }

  private static String unknownField(String path) {
    return "unknown field " + GoText.quote(path);
  }
}
