package dev.dewy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentSpec;
import dev.dewy.operator.api.v1alpha1.HookSpec;
import dev.dewy.operator.api.v1alpha1.HooksSpec;
import dev.dewy.operator.api.v1alpha1.TargetSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HookJobFactoryTest {

  static DewyDeployment deployment(String name, HookSpec before) {
    DewyDeployment dd = new DewyDeployment();
    dd.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("shop").withUid("uid-123").build());
    DewyDeploymentSpec spec = new DewyDeploymentSpec();
    spec.setRegistry("img://robot:s3cret@registry.example.com/shop/myapp?pre-release=true");
    TargetSpec target = new TargetSpec();
    target.setName("myapp");
    target.setContainer("app");
    spec.setTarget(target);
    HooksSpec hooks = new HooksSpec();
    hooks.setBeforeDeploy(before);
    hooks.setAfterDeploy(hook("scripts/post.sh"));
    spec.setHooks(hooks);
    dd.setSpec(spec);
    return dd;
  }

  static HookSpec hook(String command) {
    HookSpec hook = new HookSpec();
    hook.setCommand(command);
    return hook;
  }

  /**
   * A realistic target pod: sidecar, probes, secrets in env, three volumes of which two are used.
   */
  static PodTemplateSpec targetTemplate() {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", "myapp"))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("myapp-sa")
        .addNewImagePullSecret("regcred")
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withFsGroup(2000L)
        .endSecurityContext()
        .withNodeSelector(Map.of("disk", "ssd"))
        .addNewToleration()
        .withKey("dedicated")
        .withValue("shop")
        .withEffect("NoSchedule")
        .endToleration()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("zone")
        .withOperator("In")
        .withValues("a")
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .withNewPodAntiAffinity()
        .addNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withTopologyKey("kubernetes.io/hostname")
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endPodAntiAffinity()
        .endAffinity()
        .addNewContainer()
        .withName("sidecar")
        .withImage("envoy:1.30")
        .endContainer()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example.com/shop/myapp:v1.4.0")
        .withWorkingDir("/srv/app")
        .addNewEnv()
        .withName("DB_URL")
        .withValue("postgres://db")
        .endEnv()
        .addNewEnv()
        .withName("DB_PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef("password", "db-secret", false)
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("DEWY_VERSION")
        .withValue("spoofed")
        .endEnv()
        .addNewEnvFrom()
        .withNewConfigMapRef("myapp-config", false)
        .endEnvFrom()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/data")
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("config")
        .withMountPath("/etc/app")
        .endVolumeMount()
        .withNewSecurityContext()
        .withReadOnlyRootFilesystem(true)
        .endSecurityContext()
        .withNewResources()
        .addToLimits("memory", new Quantity("512Mi"))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/health")
        .endHttpGet()
        .endReadinessProbe()
        .addNewPort()
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim("myapp-data", false)
        .endVolume()
        .addNewVolume()
        .withName("config")
        .withNewConfigMap()
        .withName("myapp-files")
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("envoy-config")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  static Job build(DewyDeployment dd, HookKind kind) {
    return HookJobFactory.build(
        dd,
        kind,
        "v1.5.0",
        "v1.4.0",
        1,
        targetTemplate(),
        "app",
        "registry.example.com/shop/myapp:v1.5.0");
  }

  @Test
  void givenBeforeHookWhenBuiltThenJobCarriesLabelsOwnerAndLimits() {
    HookSpec before = hook("scripts/pre-check.sh");
    before.setTimeout("1m30s");
    before.setRetries(2);

    Job job = build(deployment("myapp", before), HookKind.BEFORE_DEPLOY);

    assertThat(job.getMetadata().getName()).matches("myapp-before-deploy-[0-9a-f]{8}");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "dewy-operator")
        .containsEntry("dewy.dev/deployment", "myapp")
        .containsEntry("dewy.dev/hook", "before-deploy")
        .containsEntry("dewy.dev/version", "v1.5.0")
        .containsEntry("dewy.dev/attempt", "1");
    assertThat(job.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", "v1.5.0");
    var owner = job.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getApiVersion()).isEqualTo("dewy.dev/v1alpha1");
    assertThat(owner.getKind()).isEqualTo("DewyDeployment");
    assertThat(owner.getName()).isEqualTo("myapp");
    assertThat(owner.getUid()).isEqualTo("uid-123");
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(90L);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("dewy.dev/hook", "before-deploy");
  }

  @Test
  void givenDefaultsWhenBuiltThenTenMinuteDeadlineAndNoRetries() {
    Job job = build(deployment("myapp", hook("true")), HookKind.BEFORE_DEPLOY);

    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
  }

  @Test
  void givenTargetPodWhenBuiltThenHookInheritsItsEnvironmentButNotServerParts() {
    Job job = build(deployment("myapp", hook("scripts/pre-check.sh")), HookKind.BEFORE_DEPLOY);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container hook = pod.getContainers().get(0);

    assertThat(pod.getContainers()).hasSize(1);
    assertThat(hook.getName()).isEqualTo("hook");
    assertThat(hook.getImage()).isEqualTo("registry.example.com/shop/myapp:v1.5.0");
    assertThat(hook.getCommand())
        .containsExactly("/bin/sh", "-c", HookScript.WRAPPER, "dewy-hook", "scripts/pre-check.sh");
    assertThat(hook.getArgs()).isEmpty();
    assertThat(hook.getWorkingDir()).isEqualTo("/srv/app");
    assertThat(hook.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("myapp-config");
    assertThat(hook.getVolumeMounts())
        .extracting(VolumeMount::getName)
        .containsExactly("data", "config", "dewy-hook-work");
    assertThat(pod.getVolumes())
        .extracting(Volume::getName)
        .containsExactly("data", "config", "dewy-hook-work");
    assertThat(hook.getVolumeMounts().get(2).getMountPath()).isEqualTo("/run/dewy-hook");
    assertThat(pod.getVolumes().get(2).getEmptyDir()).isNotNull();
    assertThat(hook.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(hook.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(hook.getReadinessProbe()).isNull();
    assertThat(hook.getPorts()).isEmpty();
    assertThat(hook.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(hook.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(pod.getServiceAccountName()).isEqualTo("myapp-sa");
    assertThat(pod.getImagePullSecrets().get(0).getName()).isEqualTo("regcred");
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(2000L);
    assertThat(pod.getNodeSelector()).containsEntry("disk", "ssd");
    assertThat(pod.getTolerations().get(0).getKey()).isEqualTo("dedicated");
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNull();
  }

  @Test
  void givenEnvEverywhereWhenBuiltThenDewyVariablesWinAndSecretsStayReferences() {
    HookSpec before = hook("scripts/pre-check.sh");
    before.setEnv(
        List.of(
            new EnvVarBuilder().withName("DB_URL").withValue("postgres://migrator").build(),
            new EnvVarBuilder().withName("EXTRA").withValue("1").build(),
            new EnvVarBuilder().withName("DEWY_HOOK").withValue("mine").build()));

    Job job = build(deployment("myapp", before), HookKind.BEFORE_DEPLOY);
    List<EnvVar> env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    Map<String, String> values =
        env.stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactly(
            "DB_PASSWORD",
            "DB_URL",
            "EXTRA",
            "DEWY_VERSION",
            "DEWY_PREVIOUS_VERSION",
            "DEWY_HOOK",
            "DEWY_DEPLOYMENT",
            "DEWY_REGISTRY");
    assertThat(values)
        .containsEntry("DB_URL", "postgres://migrator")
        .containsEntry("DEWY_VERSION", "v1.5.0")
        .containsEntry("DEWY_PREVIOUS_VERSION", "v1.4.0")
        .containsEntry("DEWY_HOOK", "before-deploy")
        .containsEntry("DEWY_DEPLOYMENT", "myapp")
        .containsEntry("DEWY_REGISTRY", "img://registry.example.com/shop/myapp?pre-release=true");
    EnvVar password = env.get(0);
    assertThat(password.getValue()).isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db-secret");
    assertThat(job.toString()).doesNotContain("s3cret");
  }

  @Test
  void givenHookImageWhenBuiltThenItIsUsedInsteadOfTheNewAppImage() {
    HookSpec after = hook("curl -f http://myapp/health");
    after.setImage("curlimages/curl:8.7.1");
    DewyDeployment dd = deployment("myapp", null);
    dd.getSpec().getHooks().setAfterDeploy(after);

    Job job = build(dd, HookKind.AFTER_DEPLOY);

    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("curlimages/curl:8.7.1");
    assertThat(job.getMetadata().getName()).startsWith("myapp-after-deploy-");
    assertThat(job.getMetadata().getLabels()).containsEntry("dewy.dev/hook", "after-deploy");
  }

  @Test
  void givenSameAttemptWhenBuiltTwiceThenSameNameAndAnyChangeGivesAnother() {
    String name = HookJobFactory.jobName("myapp", HookKind.BEFORE_DEPLOY, "v1.5.0", 1);

    assertThat(HookJobFactory.jobName("myapp", HookKind.BEFORE_DEPLOY, "v1.5.0", 1))
        .isEqualTo(name);
    assertThat(
            List.of(
                HookJobFactory.jobName("myapp", HookKind.BEFORE_DEPLOY, "v1.5.0", 2),
                HookJobFactory.jobName("myapp", HookKind.BEFORE_DEPLOY, "v1.5.1", 1),
                HookJobFactory.jobName("myapp2", HookKind.BEFORE_DEPLOY, "v1.5.0", 1),
                HookJobFactory.jobName("myapp", HookKind.AFTER_DEPLOY, "v1.5.0", 1)))
        .extracting(n -> n.substring(n.length() - 8))
        .doesNotContain(name.substring(name.length() - 8))
        .doesNotHaveDuplicates();
  }

  @Test
  void givenLongNameWhenBuiltThenJobNameFitsALabelValue() {
    String longName = "a".repeat(39) + "-" + "b".repeat(100);

    String name = HookJobFactory.jobName(longName, HookKind.BEFORE_DEPLOY, "v1", 1);

    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("a{39}-before-deploy-[0-9a-f]{8}");
  }

  @ParameterizedTest
  @CsvSource({
    "v1.5.0, v1.5.0",
    "v1.0.0+build.5, v1.0.0_build.5",
    "-weird-, weird",
    "2024.03.15-rc.1, 2024.03.15-rc.1",
  })
  void givenVersionWhenLabelledThenValueIsValidAndRawVersionIsAnnotated(
      String version, String label) {
    Job job =
        HookJobFactory.build(
            deployment("myapp", hook("true")),
            HookKind.BEFORE_DEPLOY,
            version,
            null,
            1,
            targetTemplate(),
            "app",
            "myapp:x");

    assertThat(job.getMetadata().getLabels()).containsEntry("dewy.dev/version", label);
    assertThat(job.getMetadata().getAnnotations()).containsEntry("dewy.dev/version", version);
  }

  @Test
  void givenBadTimeoutWhenBuiltThenErrorNamesTheField() {
    HookSpec before = hook("true");
    before.setTimeout("10 minutes");

    assertThatThrownBy(() -> build(deployment("myapp", before), HookKind.BEFORE_DEPLOY))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.hooks.beforeDeploy.timeout: \"10 minutes\" is not a duration (expected a Go"
                + " duration such as 30s, 10m or 1h30m)");
  }

  @Test
  void givenMissingContainerWhenBuiltThenErrorListsTheContainers() {
    assertThatThrownBy(
            () ->
                HookJobFactory.build(
                    deployment("myapp", hook("true")),
                    HookKind.BEFORE_DEPLOY,
                    "v1",
                    null,
                    1,
                    targetTemplate(),
                    "web",
                    "myapp:v1"))
        .hasMessageContaining("container \"web\" not found")
        .hasMessageContaining("(it has: sidecar, app)");
  }

  @ParameterizedTest
  @CsvSource({
    "img://user:pass@host/repo, img://host/repo",
    "img://host/repo, img://host/repo",
    "grpc://token@host:9000?no-tls=true, grpc://host:9000?no-tls=true",
    "s3://ap-northeast-1/bucket/path?endpoint=http://x@y, s3://ap-northeast-1/bucket/path?endpoint=http://x@y",
  })
  void givenRegistryUrlWhenPassedToHookThenUserinfoIsStripped(String url, String expected) {
    assertThat(HookEnvironment.withoutUserinfo(url)).isEqualTo(expected);
  }
}
