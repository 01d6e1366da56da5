package dev.dewy.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Regular expressions on registry tags, applied before the version policy: a tag counts when it
 * matches include (if set) and does not match exclude (if set).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TagFilterSpec {

  @Size(max = SpecRules.TAG_FILTER_MAX)
  @ValidationRule(value = SpecRules.REGEX_COMPILES_RULE, message = SpecRules.REGEX_COMPILES)
  @JsonPropertyDescription(
      "RE2 regular expression (Go's syntax) a tag must match, anywhere in it, to be considered,"
          + " such as ^v1\\.[0-9]+\\.[0-9]+$ (anchor with ^ and $). Empty: every tag.")
  private String include;

  @Size(max = SpecRules.TAG_FILTER_MAX)
  @ValidationRule(value = SpecRules.REGEX_COMPILES_RULE, message = SpecRules.REGEX_COMPILES)
  @JsonPropertyDescription(
      "RE2 regular expression (Go's syntax); a tag it matches, anywhere in it, is ignored, such"
          + " as -(debug|nightly)$. Empty: none.")
  private String exclude;

  public String getInclude() {
    return include;
  }

  public void setInclude(String include) {
    this.include = include;
  }

  public String getExclude() {
    return exclude;
  }

  public void setExclude(String exclude) {
    this.exclude = exclude;
  }
}
