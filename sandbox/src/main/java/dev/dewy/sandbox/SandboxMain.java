package dev.dewy.sandbox;

/** Entry point of the runnable sandbox jar. */
public final class SandboxMain {
  private SandboxMain() {}

  public static void main(String[] args) {
    System.out.println("dewy-sandbox");
  }
}
