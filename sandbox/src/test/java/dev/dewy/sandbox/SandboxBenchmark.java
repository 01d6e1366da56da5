package dev.dewy.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Prints how fast one sandbox serves: 1,000 Widgets, 50 open watches, then gets and patches from 4
 * client threads. Run: {@code mvn -pl sandbox test-compile exec:java
 * -Dexec.mainClass=dev.dewy.sandbox.SandboxBenchmark -Dexec.classpathScope=test}.
 */
public final class SandboxBenchmark {
  private static final int OBJECTS = 1_000;
  private static final int WATCHES = 50;
  private static final int THREADS = 4;

  private SandboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (Sandbox sandbox = Sandbox.start()) {
      KubernetesClient client = sandbox.client();
      client.load(SandboxBenchmark.class.getResourceAsStream("/widget-crd.yaml")).create();
      var widgets = client.genericKubernetesResources(TestObjects.WIDGETS);

      double creates = rate(OBJECTS, i -> widgets.resource(widget(i)).create());
      AtomicLong events = new AtomicLong();
      List<Watch> watches = new ArrayList<>();
      String from = widgets.list().getMetadata().getResourceVersion();
      for (int i = 0; i < WATCHES; i++) {
        watches.add(widgets.withResourceVersion(from).watch(counting(events)));
      }
      double gets = rate(5 * OBJECTS, i -> widgets.withName("w" + (i % OBJECTS)).get());
      long patchStart = System.nanoTime();
      double patches =
          rate(
              OBJECTS,
              i ->
                  widgets
                      .withName("w" + i)
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"spec\":{\"size\":" + (i + 1000) + "}}"));
      long expected = (long) OBJECTS * WATCHES;
      while (events.get() < expected
          && System.nanoTime() - patchStart < TimeUnit.SECONDS.toNanos(120)) {
        Thread.sleep(10);
      }
      double eventRate = events.get() / ((System.nanoTime() - patchStart) / 1e9);
      watches.forEach(Watch::close);
      System.gc();
      long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();

      System.out.printf(
          "objects: %d, watches: %d, client threads: %d%n", OBJECTS, WATCHES, THREADS);
      System.out.printf("create: %.0f req/s%n", creates);
      System.out.printf("get:    %.0f req/s%n", gets);
      System.out.printf("patch:  %.0f req/s%n", patches);
      System.out.printf(
          "watch events delivered: %d of %d, %.0f events/s%n", events.get(), expected, eventRate);
      System.out.printf(
          "heap in use after GC (sandbox + client, one JVM): %.1f MiB%n", heap / 1048576.0);
    }
  }

  private static double rate(int count, IntConsumer request) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int n = i;
      pool.execute(() -> request.accept(n));
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static GenericKubernetesResource widget(int i) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("test.dewy.dev/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName("w" + i)
        .withNamespace("default")
        .endMetadata()
        .addToAdditionalProperties(
            "spec", Map.of("size", i, "color", "blue", "parts", List.of("a", "b")))
        .build();
  }

  private static Watcher<GenericKubernetesResource> counting(AtomicLong events) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource resource) {
        events.incrementAndGet();
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }
}
