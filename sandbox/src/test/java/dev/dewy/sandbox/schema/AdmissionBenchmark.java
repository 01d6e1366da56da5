package dev.dewy.sandbox.schema;

/**
 * Prints how long admitting a DewyDeployment takes, to see that schema handling costs the sandbox's
 * request path little. Run by hand: it is a main, not a test.
 */
public final class AdmissionBenchmark {

  private AdmissionBenchmark() {}

  public static void main(String[] args) {
    CustomResourceSchema schema = Fixtures.schema();
    var object = Fixtures.with(Fixtures.myapp(), "spec.registy", "typo");
    int rounds = 200_000;
    for (int i = 0; i < rounds / 4; i++) {
      schema.admit(object);
    }
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      schema.admit(object);
    }
    double micros = (System.nanoTime() - start) / 1_000.0 / rounds;
    System.out.printf("admit: %.1f µs per object (%d rounds)%n", micros, rounds);
  }
}
