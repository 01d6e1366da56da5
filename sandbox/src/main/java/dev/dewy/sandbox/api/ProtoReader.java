package dev.dewy.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the protobuf wire format field by field; just enough for the bodies kubectl sends. */
final class ProtoReader {
  private final byte[] buffer;
  private int position;
  private final int end;
  private int tag;

  ProtoReader(byte[] buffer, int start, int end) {
    this.buffer = buffer;
    this.position = start;
    this.end = end;
  }

  /** Advances to the next field; false at the end of the message. */
  boolean next() {
    if (position >= end) {
      return false;
    }
    tag = (int) varint();
    return true;
  }

  int field() {
    return tag >>> 3;
  }

  long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= end) {
        throw new IllegalArgumentException("truncated protobuf varint");
      }
      byte b = buffer[position++];
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("malformed protobuf varint");
  }

  /** A varint as the signed int32 or int64 it encodes (negative values take ten bytes). */
  long signedVarint() {
    return varint();
  }

  boolean bool() {
    return varint() != 0;
  }

  byte[] bytes() {
    int length = length();
    byte[] value = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return value;
  }

  String string() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  ProtoReader message() {
    int length = length();
    ProtoReader nested = new ProtoReader(buffer, position, position + length);
    position += length;
    return nested;
  }

  /**
   * Skips the current field and says whether it held its zero value: 0, an empty string or message,
   * or a message whose own fields are all zero (the Go encoder writes every non-pointer field, so a
   * struct left at its zero value arrives as such a message).
   */
  boolean skipZero() {
    switch (tag & 7) {
      case 0 -> {
        return varint() == 0;
      }
      case 1 -> {
        boolean zero =
            java.util.stream.IntStream.range(position, position + 8).allMatch(i -> buffer[i] == 0);
        position += 8;
        return zero;
      }
      case 5 -> {
        boolean zero =
            java.util.stream.IntStream.range(position, position + 4).allMatch(i -> buffer[i] == 0);
        position += 4;
        return zero;
      }
      case 2 -> {
        ProtoReader nested = message();
        try {
          while (nested.next()) {
            if (!nested.skipZero()) {
              return false;
            }
          }
          return true;
        } catch (RuntimeException notAMessage) {
          return false;
        }
      }
      default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
    }
  }

  private int length() {
    long length = varint();
    if (length < 0 || length > end - position) {
      throw new IllegalArgumentException("protobuf field longer than its message");
    }
    return (int) length;
  }

  void skip() {
    switch (tag & 7) {
      case 0 -> varint();
      case 1 -> position += 8;
      case 2 -> {
        int length = (int) varint(); // read first: position += varint() would lose the advance
        position += length;
      }
      case 5 -> position += 4;
      default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (tag & 7));
    }
  }
}
