package dev.dewy.sandbox.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvExpansionTest {

  private final Map<String, String> env = Map.of("HOST", "db", "PORT", "5432");

  @Test
  void definedReferencesAreReplaced() {
    assertThat(EnvExpansion.expand("$(HOST):$(PORT)", env)).isEqualTo("db:5432");
  }

  @Test
  void undefinedReferenceStaysAsWritten() {
    assertThat(EnvExpansion.expand("$(USER)@$(HOST)", env)).isEqualTo("$(USER)@db");
  }

  @Test
  void doubleDollarEscapesToOneDollar() {
    assertThat(EnvExpansion.expand("$$(HOST) costs $$5 in $$", env))
        .isEqualTo("$(HOST) costs $5 in $");
  }

  @Test
  void shellSyntaxWithoutParenthesesIsLeftToTheShell() {
    assertThat(EnvExpansion.expand("echo $HOST ${PORT} $", env)).isEqualTo("echo $HOST ${PORT} $");
  }

  @Test
  void unclosedReferenceIsKept() {
    assertThat(EnvExpansion.expand("x $(HOST", env)).isEqualTo("x $(HOST");
  }
}
