package dev.dewy.sandbox.image;

/** An image that could not be pulled or unpacked; the message says why, for the pod's status. */
public final class ImagePullException extends Exception {
  public ImagePullException(String message) {
    super(message);
  }

  public ImagePullException(String message, Throwable cause) {
    super(message, cause);
  }
}
