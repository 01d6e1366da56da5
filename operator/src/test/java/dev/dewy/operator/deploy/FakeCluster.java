package dev.dewy.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Cluster} in memory, for the state machine's unit tests: workloads, hook Jobs, their pods
 * and Secrets are maps the test fills; writes are kept so a test can say what the operator wrote.
 */
final class FakeCluster implements Cluster {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, HasMetadata> workloads = new HashMap<>();
  final Map<String, Job> jobs = new LinkedHashMap<>();
  final Map<String, List<Pod>> pods = new HashMap<>();

  /** The target workload's pods, whatever its selector. */
  List<Pod> workloadPods = List.of();

  final Map<String, Secret> secrets = new HashMap<>();
  final Set<String> dewyDeployments = new HashSet<>();
  final List<String> writes = new ArrayList<>();
  final List<String> secretReads = new ArrayList<>();
  KubernetesClientException refuseJobs;
  KubernetesClientException refuseStatus;
  DewyDeployment lastWritten;

  @Override
  public Optional<HasMetadata> workload(TargetKind kind, String name) {
    return Optional.ofNullable(workloads.get(kind + "/" + name));
  }

  /** Reads of a workload from the API (the ones that see managedFields). */
  final List<String> workloadReads = new ArrayList<>();

  @Override
  public Optional<HasMetadata> read(TargetKind kind, String name) {
    workloadReads.add(kind + "/" + name);
    return workload(kind, name);
  }

  @Override
  public HasMetadata claim(TargetKind kind, HasMetadata workload, String owner) {
    workload.getMetadata().getLabels().put(Labels.TARGET, "true");
    if (workload.getMetadata().getAnnotations() == null) {
      workload.getMetadata().setAnnotations(new HashMap<>());
    }
    workload.getMetadata().getAnnotations().put(Labels.OWNER, owner);
    writes.add("claim " + kind + "/" + workload.getMetadata().getName());
    return workload;
  }

  @Override
  public void release(TargetKind kind, String name, String owner) {
    writes.add("release " + kind + "/" + name);
  }

  /** Applies the operator's strategic merge patch: the container's image and the annotation. */
  @Override
  public HasMetadata patch(TargetKind kind, String name, String patch) {
    HasMetadata workload = workloads.get(kind + "/" + name);
    try {
      JsonNode template = JSON.readTree(patch).path("spec").path("template");
      var podTemplate = WorkloadPatch.podTemplate(workload);
      template
          .path("metadata")
          .path("annotations")
          .fields()
          .forEachRemaining(
              a -> {
                if (podTemplate.getMetadata().getAnnotations() == null) {
                  podTemplate.getMetadata().setAnnotations(new HashMap<>());
                }
                podTemplate.getMetadata().getAnnotations().put(a.getKey(), a.getValue().asText());
              });
      for (JsonNode container : template.path("spec").path("containers")) {
        podTemplate.getSpec().getContainers().stream()
            .filter(c -> c.getName().equals(container.path("name").asText()))
            .forEach(c -> c.setImage(container.path("image").asText()));
      }
      for (JsonNode init : template.path("spec").path("initContainers")) {
        // merged by name, as the strategic merge patch does: replaced, added, or deleted
        String initName = init.path("name").asText();
        List<Container> inits =
            new ArrayList<>(
                Optional.ofNullable(podTemplate.getSpec().getInitContainers()).orElse(List.of()));
        inits.removeIf(c -> c.getName().equals(initName));
        if (!"delete".equals(init.path("$patch").asText())) {
          inits.add(JSON.treeToValue(init, Container.class));
        }
        podTemplate.getSpec().setInitContainers(inits);
      }
      workload.getMetadata().setGeneration(workload.getMetadata().getGeneration() + 1);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
    writes.add("patch " + kind + "/" + name);
    return workload;
  }

  @Override
  public Optional<Job> job(String name) {
    return Optional.ofNullable(jobs.get(name));
  }

  @Override
  public void create(Job job) {
    if (refuseJobs != null) {
      throw refuseJobs;
    }
    jobs.putIfAbsent(job.getMetadata().getName(), job);
    writes.add("create Job " + job.getMetadata().getName());
  }

  @Override
  public void delete(Job job) {
    jobs.remove(job.getMetadata().getName());
    writes.add("delete Job " + job.getMetadata().getName());
  }

  @Override
  public List<Pod> podsOf(String jobName, boolean fresh) {
    return pods.getOrDefault(jobName, List.of());
  }

  @Override
  public List<Pod> podsOfWorkload(HasMetadata workload) {
    return workloadPods;
  }

  @Override
  public Optional<String> logTail(Pod pod, String container, int lines) {
    return Optional.empty();
  }

  @Override
  public Optional<Secret> readSecret(String name) {
    secretReads.add(name);
    return Optional.ofNullable(secrets.get(name));
  }

  @Override
  public DewyDeployment writeStatus(DewyDeployment stored, DewyDeploymentStatus status) {
    if (refuseStatus != null) {
      throw refuseStatus;
    }
    DewyDeployment written =
        Serialization.unmarshal(Serialization.asJson(stored), DewyDeployment.class);
    written.setStatus(status);
    String version = stored.getMetadata().getResourceVersion();
    written
        .getMetadata()
        .setResourceVersion(String.valueOf(version == null ? 1 : Long.parseLong(version) + 1));
    writes.add("status " + status.getPhase());
    lastWritten = written;
    return written;
  }

  @Override
  public boolean dewyDeploymentExists(String name) {
    return dewyDeployments.contains(name);
  }

  /** Field managers of DewyDeployment annotations, by annotation key. */
  final Map<String, String> annotationManagers = new HashMap<>();

  @Override
  public Optional<String> annotationManager(String name, String key) {
    return Optional.ofNullable(annotationManagers.get(key));
  }

  /** What kube-apiserver answers a Job it refuses. */
  static KubernetesClientException refusal(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }
}
