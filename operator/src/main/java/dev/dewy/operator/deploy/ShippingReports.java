package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.registry.RegistryCredentials;
import dev.dewy.operator.registry.RegistryException;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.registry.SharedTagPoller;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the registry a version shipped, as Dewy does after a successful deploy (grpc's Report). It
 * runs off the reconcile thread, so a slow or failing registry never delays or fails a deploy; a
 * failure is a Warning Event ReportFailed and a log line. spec.report: false switches it off.
 */
class ShippingReports {
  private static final Logger log = LoggerFactory.getLogger(ShippingReports.class);

  /** Reports nothing: for the state-machine tests, which have no registry. */
  static final ShippingReports NONE =
      new ShippingReports(null, null, Runnable::run) {
        @Override
        void shipped(Observation o, String version) {}
      };

  private final SharedTagPoller registries;
  private final DeployEvents events;
  private final Executor executor;

  ShippingReports(SharedTagPoller registries, DeployEvents events, Executor executor) {
    this.registries = registries;
    this.events = events;
    this.executor = executor;
  }

  /** One daemon thread: reports go out in the order deploys finished. */
  static ShippingReports start(SharedTagPoller registries, DeployEvents events) {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread t = new Thread(runnable, "dewy-report");
              t.setDaemon(true);
              return t;
            });
    return new ShippingReports(registries, events, thread);
  }

  /** Reports {@code version} of {@code o}'s registry shipped, unless spec.report is false. */
  void shipped(Observation o, String version) {
    DewyDeployment dd = o.resource();
    if (Boolean.FALSE.equals(dd.getSpec().getReport())) {
      return;
    }
    RegistryUrl registry = o.spec().registry();
    String shippedTo = shippedTo(o);
    Optional<RegistryCredentials> credentials;
    try {
      credentials = VersionPoller.credentials(o);
    } catch (RuntimeException e) {
      failed(dd, version, e.getMessage());
      return;
    }
    executor.execute(
        () -> {
          try {
            registries.report(registry, credentials, version, shippedTo);
          } catch (RegistryException | RuntimeException e) {
            failed(dd, version, e.getMessage());
          }
        });
  }

  /** The workload as Dewy names its host in a report: {@code NAME.NAMESPACE}, lower case. */
  static String shippedTo(Observation o) {
    return (o.workload().name() + "." + o.namespace()).toLowerCase(Locale.ROOT);
  }

  private void failed(DewyDeployment dd, String version, String error) {
    log.atWarn()
        .addKeyValue("namespace", dd.getMetadata().getNamespace())
        .addKeyValue("name", dd.getMetadata().getName())
        .addKeyValue("version", version)
        .addKeyValue("error", error)
        .log("Report shipping failure");
    events.warning(
        dd,
        Reasons.REPORT_FAILED,
        "the shipping report of %s to spec.registry failed: %s; the deploy stands (set spec.report: false to stop reporting)"
            .formatted(version, error));
  }
}
