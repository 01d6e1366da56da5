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
      byte b = buffer[position++];
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("malformed protobuf varint");
  }

  boolean bool() {
    return varint() != 0;
  }

  byte[] bytes() {
    int length = (int) varint();
    byte[] value = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return value;
  }

  String string() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  ProtoReader message() {
    int length = (int) varint();
    ProtoReader nested = new ProtoReader(buffer, position, position + length);
    position += length;
    return nested;
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
