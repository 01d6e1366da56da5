package dev.dewy.sandbox.api;

import java.util.Map;

/** One HTTP request to a resource path, reduced to what the handlers read. */
public record ApiRequest(
    String method,
    ApiPath path,
    Map<String, String> query,
    String accept,
    String contentType,
    String body) {

  public String param(String name) {
    return query.get(name);
  }

  public boolean dryRun() {
    return "All".equals(query.get("dryRun"));
  }

  public WriteOptions writeOptions() {
    return WriteOptions.of(dryRun(), query.get("fieldValidation"));
  }

  public boolean wantsTable() {
    return TableResponder.wanted(accept);
  }
}
