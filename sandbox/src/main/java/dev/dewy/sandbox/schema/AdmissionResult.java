package dev.dewy.sandbox.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What a write looks like after the server's schema handling.
 *
 * @param object the pruned and defaulted object (a copy; the input is not changed)
 * @param errors validation failures in the server's order; empty when the write is accepted
 * @param prunedFields paths of unknown fields that were dropped, sorted, for strict or warn field
 *     validation (see {@link UnknownFields})
 */
public record AdmissionResult(
    ObjectNode object, List<FieldError> errors, List<String> prunedFields) {

  public AdmissionResult {
    errors = List.copyOf(errors);
    prunedFields = List.copyOf(prunedFields);
  }

  /** True when the object passed validation and may be stored. */
  public boolean accepted() {
    return errors.isEmpty();
  }
}
