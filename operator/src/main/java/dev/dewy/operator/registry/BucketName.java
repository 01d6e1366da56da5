package dev.dewy.operator.registry;

import java.util.List;

/** Bucket and prefix rules shared by the object-store schemes (s3://, gs://). */
final class BucketName {
  private BucketName() {}

  /** Checks the naming rules both AWS and Google apply: 3-63 of a-z 0-9 . - _ . */
  static String check(String scheme, String bucket) {
    if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]")) {
      throw new RegistryUrlException(
          ("%s:// bucket \"%s\" is not a valid bucket name (expected 3 to 63 lowercase letters,"
                  + " digits, dots, hyphens or underscores)")
              .formatted(scheme, bucket));
    }
    return bucket;
  }

  /** The path after the bucket (the first segment), without surrounding slashes. */
  static String prefix(List<String> segmentsFromBucket) {
    List<String> rest = segmentsFromBucket.subList(1, segmentsFromBucket.size());
    if (rest.stream().anyMatch(String::isEmpty)) {
      throw new RegistryUrlException(
          "the prefix \"%s\" has an empty segment (\"//\")".formatted(String.join("/", rest)));
    }
    return String.join("/", rest);
  }
}
