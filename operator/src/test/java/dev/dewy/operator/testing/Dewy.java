package dev.dewy.operator.testing;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentSpec;
import dev.dewy.operator.api.v1alpha1.HookSpec;
import dev.dewy.operator.api.v1alpha1.HooksSpec;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import dev.dewy.operator.api.v1alpha1.TargetSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.function.Consumer;

/**
 * A DewyDeployment for a test, built field by field in place of inline YAML. By default it polls
 * every second and targets the Deployment of its own name in the test's namespace: {@code
 * harness.dewy("web").registry(url).beforeHook("echo before").create()}.
 */
public final class Dewy {
  private final KubernetesClient client;
  private final DewyDeployment dd = new DewyDeployment();

  Dewy(KubernetesClient client, String namespace, String name) {
    this.client = client;
    dd.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    DewyDeploymentSpec spec = new DewyDeploymentSpec();
    spec.setInterval("1s");
    TargetSpec target = new TargetSpec();
    target.setKind(TargetKind.Deployment);
    target.setName(name);
    spec.setTarget(target);
    dd.setSpec(spec);
  }

  public Dewy registry(String url) {
    dd.getSpec().setRegistry(url);
    return this;
  }

  public Dewy interval(String interval) {
    dd.getSpec().setInterval(interval);
    return this;
  }

  /** Targets the {@code kind} of the same name. */
  public Dewy target(String kind) {
    return target(kind, dd.getMetadata().getName());
  }

  public Dewy target(String kind, String name) {
    dd.getSpec().getTarget().setKind(TargetKind.valueOf(kind));
    dd.getSpec().getTarget().setName(name);
    return this;
  }

  /** Sets spec.target.volume: the artifact is unpacked into that volume of the pod template. */
  public Dewy volume(String volume) {
    dd.getSpec().getTarget().setVolume(volume);
    return this;
  }

  public Dewy container(String container) {
    dd.getSpec().getTarget().setContainer(container);
    return this;
  }

  public Dewy beforeHook(String command) {
    return beforeHook(command, hook -> {});
  }

  /** The before-deploy hook, with {@code more} setting image, timeout, retries or env. */
  public Dewy beforeHook(String command, Consumer<HookSpec> more) {
    hooks().setBeforeDeploy(hook(command, more));
    return this;
  }

  public Dewy afterHook(String command) {
    return afterHook(command, hook -> {});
  }

  public Dewy afterHook(String command, Consumer<HookSpec> more) {
    hooks().setAfterDeploy(hook(command, more));
    return this;
  }

  public Dewy credentialsSecret(String secret) {
    dd.getSpec().setCredentialsSecret(secret);
    return this;
  }

  /** Pins spec.version. */
  public Dewy pin(String version) {
    dd.getSpec().setVersion(version);
    return this;
  }

  public Dewy versionConstraint(String constraint) {
    dd.getSpec().setVersionConstraint(constraint);
    return this;
  }

  public Dewy onManualChange(dev.dewy.operator.api.v1alpha1.ManualChangePolicy policy) {
    dd.getSpec().setOnManualChange(policy);
    return this;
  }

  public Dewy onTagRepush(dev.dewy.operator.api.v1alpha1.TagRepushPolicy policy) {
    dd.getSpec().setOnTagRepush(policy);
    return this;
  }

  /** spec.rollback, with spec.rolloutTimeout when {@code timeout} is not null. */
  public Dewy rollback(dev.dewy.operator.api.v1alpha1.RollbackPolicy policy, String timeout) {
    dd.getSpec().setRollback(policy);
    if (timeout != null) {
      dd.getSpec().setRolloutTimeout(timeout);
    }
    return this;
  }

  public Dewy tagFilter(dev.dewy.operator.api.v1alpha1.TagFilterSpec filter) {
    dd.getSpec().setTagFilter(filter);
    return this;
  }

  public Dewy allowDowngrade(boolean allow) {
    dd.getSpec().setAllowDowngrade(allow);
    return this;
  }

  public Dewy suspend(boolean suspend) {
    dd.getSpec().setSuspend(suspend);
    return this;
  }

  /** spec.report: whether the registry is told each shipped version. */
  public Dewy report(boolean report) {
    dd.getSpec().setReport(report);
    return this;
  }

  public Dewy notifier(String url, String secret) {
    dd.getSpec().setNotifier(url);
    dd.getSpec().setNotifierSecret(secret);
    return this;
  }

  /** spec.approval: manual, with spec.approvalTimeout when {@code timeout} is not null. */
  public Dewy manualApproval(String timeout) {
    dd.getSpec().setApproval(dev.dewy.operator.api.v1alpha1.ApprovalPolicy.manual);
    dd.getSpec().setApprovalTimeout(timeout);
    return this;
  }

  public Dewy historyLimit(int limit) {
    dd.getSpec().setHistoryLimit(limit);
    return this;
  }

  public Dewy annotation(String key, String value) {
    if (dd.getMetadata().getAnnotations() == null) {
      dd.getMetadata().setAnnotations(new HashMap<>());
    }
    dd.getMetadata().getAnnotations().put(key, value);
    return this;
  }

  public DewyDeployment build() {
    return dd;
  }

  /** Creates it, as {@code kubectl create} would. */
  public DewyDeployment create() {
    return client.resource(dd).create();
  }

  private HooksSpec hooks() {
    if (dd.getSpec().getHooks() == null) {
      dd.getSpec().setHooks(new HooksSpec());
    }
    return dd.getSpec().getHooks();
  }

  private static HookSpec hook(String command, Consumer<HookSpec> more) {
    HookSpec hook = new HookSpec();
    hook.setCommand(command);
    more.accept(hook);
    return hook;
  }
}
