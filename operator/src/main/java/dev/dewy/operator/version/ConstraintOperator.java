package dev.dewy.operator.version;

/**
 * The comparison operators of a constraint, each turning a (possibly partial) version into the
 * range of versions it admits, with npm's meanings for partial versions, tilde and caret.
 */
enum ConstraintOperator {
  // Longer symbols first, so ">=" is not read as ">" followed by "=1.0.0".
  AT_LEAST(">=") {
    @Override
    VersionRange range(PartialVersion v) {
      return v.precision() == 0 ? VersionRange.ANY : VersionRange.atLeast(v.floor());
    }
  },
  AT_MOST("<=") {
    @Override
    VersionRange range(PartialVersion v) {
      if (v.precision() == 0) {
        return VersionRange.ANY;
      }
      return v.precision() == 3
          ? VersionRange.atMost(v.floor())
          : VersionRange.below(v.ceiling(v.precision()));
    }
  },
  NOT_EQUAL("!=") {
    @Override
    VersionRange range(PartialVersion v) {
      return EQUAL.range(v).negate();
    }
  },
  ABOVE(">") {
    @Override
    VersionRange range(PartialVersion v) {
      requireBound(v);
      return v.precision() == 3
          ? VersionRange.above(v.floor())
          : atLeastOrNone(v.ceiling(v.precision()));
    }
  },
  BELOW("<") {
    @Override
    VersionRange range(PartialVersion v) {
      requireBound(v);
      SemVer floor = v.floor();
      return VersionRange.below(
          v.precision() == 3
              ? floor
              : SemVer.of(floor.major(), floor.minor(), 0, PreRelease.LOWEST));
    }
  },
  TILDE("~") {
    @Override
    VersionRange range(PartialVersion v) {
      return v.precision() == 0
          ? VersionRange.ANY
          : VersionRange.from(v.floor(), v.ceiling(Math.min(v.precision(), 2)));
    }
  },
  CARET("^") {
    @Override
    VersionRange range(PartialVersion v) {
      if (v.precision() == 0) {
        return VersionRange.ANY;
      }
      // The first non-zero part given is the one that may not change; ^0.0 and ^0 stop early.
      int fixed = 1;
      if (v.major() == 0 && v.precision() >= 2) {
        fixed = v.minor() == 0 && v.precision() == 3 ? 3 : 2;
      }
      return VersionRange.from(v.floor(), v.ceiling(fixed));
    }
  },
  EQUAL("=") {
    @Override
    VersionRange range(PartialVersion v) {
      if (v.precision() == 0) {
        return VersionRange.ANY;
      }
      return v.precision() == 3
          ? new VersionRange(v.floor(), true, v.floor(), true, false)
          : VersionRange.from(v.floor(), v.ceiling(v.precision()));
    }
  };

  final String symbol;

  ConstraintOperator(String symbol) {
    this.symbol = symbol;
  }

  abstract VersionRange range(PartialVersion version);

  /** The operator a comparator starts with, or EQUAL when it starts with the version. */
  static ConstraintOperator of(String comparator) {
    for (ConstraintOperator operator : values()) {
      if (comparator.startsWith(operator.symbol)) {
        return operator;
      }
    }
    return EQUAL;
  }

  /** Whether the text is an operator alone, as in ">= 1.2.0" written with a space. */
  static boolean isOperator(String text) {
    for (ConstraintOperator operator : values()) {
      if (text.equals(operator.symbol)) {
        return true;
      }
    }
    return false;
  }

  /** From the bound on, or nothing when the bound is past the largest 64-bit version. */
  static VersionRange atLeastOrNone(SemVer lower) {
    return lower == null ? VersionRange.ANY.negate() : VersionRange.atLeast(lower);
  }

  void requireBound(PartialVersion v) {
    if (v.precision() == 0) {
      throw new IllegalArgumentException(
          String.format("\"%s*\" matches no version (use * alone to allow any)", symbol));
    }
  }
}
