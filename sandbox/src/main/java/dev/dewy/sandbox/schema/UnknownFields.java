package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the server says about pruned fields under the {@code fieldValidation} query parameter: with
 * {@code Strict} (kubectl's default) a 400 {@code strict decoding error}, with {@code Warn} (the
 * server's default when a request names none) one {@code Warning} header per field, with {@code
 * Ignore} nothing.
 */
public final class UnknownFields {

  private UnknownFields() {}

  /**
   * The 400 Status for a strict create or update (POST, PUT), where the decode error is prefixed
   * with the kind, e.g. {@code DewyDeployment in version "v1alpha1" cannot be handled as a
   * DewyDeployment: strict decoding error: unknown field "spec.registy"}.
   */
  public static ObjectNode strictError(String kind, String version, List<String> prunedFields) {
    return badRequest(
        kind
            + " in version "
            + GoText.quote(version)
            + " cannot be handled as a "
            + kind
            + ": "
            + strictDecodingError(prunedFields));
  }

  /** The 400 Status for a strict patch, which carries the bare strict decoding error. */
  public static ObjectNode strictPatchError(List<String> prunedFields) {
    return badRequest(strictDecodingError(prunedFields));
  }

  /** The values of the {@code Warning} headers for {@code fieldValidation=Warn}, one per field. */
  public static List<String> warningHeaders(List<String> prunedFields) {
    return prunedFields.stream()
        .map(p -> "299 - " + GoText.quote(unknownField(p)))
        .collect(Collectors.toList());
  }

  private static ObjectNode badRequest(String message) {
    ObjectNode status = StatusJson.failure(message, "BadRequest");
    status.put("code", 400);
    return status;
  }

  private static String strictDecodingError(List<String> prunedFields) {
    return "strict decoding error: "
        + prunedFields.stream().map(UnknownFields::unknownField).collect(Collectors.joining(", "));
  }

  private static String unknownField(String path) {
    return "unknown field " + GoText.quote(path);
  }
}
