package dev.dewy.operator.deploy;

import java.util.regex.Pattern;

/**
 * A container image reference split as the container runtime reads it: {@code
 * [registry/]repository[:tag][@digest]}. The first path component is a registry host only if it has
 * a dot or a port, or is {@code localhost}; otherwise the image lives on Docker Hub.
 *
 * @param registry host[:port], or null for Docker Hub
 * @param tag null when absent
 * @param digest {@code sha256:...}, or null when absent
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+([+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
  private static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*");

  /** Parses {@code image}; {@code field} names where it came from in the error message. */
  public static ImageReference parse(String image, String field) {
    if (image == null || image.isBlank()) {
      throw new InvalidSpecException(field, "the image is empty (expected e.g. nginx:1.25)");
    }
    String rest = image;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw invalid(image, field, "digest \"" + digest + "\" is not algorithm:hex");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(image, field, "tag \"" + tag + "\" is not a valid tag");
      }
    }
    String registry = null;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      throw invalid(image, field, "repository \"" + rest + "\" is not lowercase path components");
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** Whether {@code tag} can stand after the colon of an image reference. */
  public static boolean isValidTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  /** The same image at another tag; a digest is dropped, since it would pin the old content. */
  public ImageReference withTag(String newTag) {
    if (!isValidTag(newTag)) {
      throw new IllegalArgumentException("\"" + newTag + "\" is not a valid image tag");
    }
    return new ImageReference(registry, repository, newTag, null);
  }

  /**
   * The same image pinned to {@code newDigest} ({@code sha256:...}), or by tag only when it is
   * null: {@code repo:tag@digest} runs that content whatever the tag names later.
   */
  public ImageReference withDigest(String newDigest) {
    if (newDigest != null && !DIGEST.matcher(newDigest).matches()) {
      throw new IllegalArgumentException("\"" + newDigest + "\" is not algorithm:hex");
    }
    return new ImageReference(registry, repository, tag, newDigest);
  }

  /** The reference written back as text, as a pod spec would carry it. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (registry != null) {
      out.append(registry).append('/');
    }
    out.append(repository);
    if (tag != null) {
      out.append(':').append(tag);
    }
    if (digest != null) {
      out.append('@').append(digest);
    }
    return out.toString();
  }

  private static InvalidSpecException invalid(String image, String field, String why) {
    return new InvalidSpecException(field, "\"" + image + "\" is not an image reference: " + why);
  }
}
