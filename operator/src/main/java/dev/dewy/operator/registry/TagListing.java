package dev.dewy.operator.registry;

import java.time.Instant;
import java.util.List;

/** The tags a registry listed and when it was asked (the time to report as lastCheckedAt). */
public record TagListing(List<String> tags, Instant fetchedAt) {
  public TagListing {
    tags = List.copyOf(tags);
  }
}
