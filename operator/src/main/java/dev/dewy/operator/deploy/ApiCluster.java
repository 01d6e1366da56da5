package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.DewyDeploymentStatus;
import dev.dewy.operator.api.v1alpha1.TargetKind;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Cluster} on the informers of {@link DewyDeploymentReconciler} and the API, for one pass.
 */
final class ApiCluster implements Cluster {
  private static final Comparator<Pod> BY_CREATION =
      Comparator.comparing(p -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""));

  private final KubernetesClient client;
  private final Context<DewyDeployment> context;
  private final String namespace;
  private boolean acted;

  ApiCluster(KubernetesClient client, Context<DewyDeployment> context, String namespace) {
    this.client = client;
    this.context = context;
    this.namespace = namespace;
  }

  @Override
  public Optional<HasMetadata> workload(TargetKind kind, String name) {
    Optional<HasMetadata> cached = workloads(kind).get(new ResourceID(name, namespace));
    if (cached.isPresent()) {
      return cached;
    }
    return Optional.ofNullable(Workload.resource(client, kind, namespace, name).get());
  }

  @Override
  public Optional<HasMetadata> read(TargetKind kind, String name) {
    return Optional.ofNullable(Workload.resource(client, kind, namespace, name).get());
  }

  @Override
  public HasMetadata claim(TargetKind kind, HasMetadata workload, String owner) {
    acted = true;
    String patch =
        "{\"metadata\":{\"labels\":{\"%s\":\"true\"},\"annotations\":{\"%s\":\"%s\"}}}"
            .formatted(Labels.TARGET, Labels.OWNER, owner);
    HasMetadata claimed = patchThrough(kind, workload.getMetadata().getName(), patch);
    workloads(kind).handleRecentResourceCreate(ResourceID.fromResource(claimed), claimed);
    return claimed;
  }

  @Override
  public void release(TargetKind kind, String name, String owner) {
    Optional<HasMetadata> cached = workloads(kind).get(new ResourceID(name, namespace));
    if (cached.isEmpty() || !owner.equals(Workload.owner(cached.get()).orElse(null))) {
      return;
    }
    patchThrough(
        kind,
        name,
        "{\"metadata\":{\"labels\":{\"%s\":null},\"annotations\":{\"%s\":null}}}"
            .formatted(Labels.TARGET, Labels.OWNER));
  }

  @Override
  public HasMetadata patch(TargetKind kind, String name, String strategicMergePatch) {
    acted = true;
    HasMetadata patched = patchThrough(kind, name, strategicMergePatch);
    workloads(kind).handleRecentResourceUpdate(ResourceID.fromResource(patched), patched, null);
    return patched;
  }

  /** A patch by name through a stub object, since a patch by name makes fabric8 read first. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private HasMetadata patchThrough(TargetKind kind, String name, String patch) {
    PatchContext strategic =
        new PatchContext.Builder()
            .withPatchType(PatchType.STRATEGIC_MERGE)
            .withFieldManager(WorkloadUpdater.FIELD_MANAGER)
            .build();
    return (HasMetadata)
        ((io.fabric8.kubernetes.client.dsl.Resource) Workload.stub(client, kind, namespace, name))
            .patch(strategic, patch);
  }

  /** Whether this pass changed anything in the cluster (status aside). */
  boolean acted() {
    return acted;
  }

  @Override
  public Optional<Job> job(String name) {
    return jobs().get(new ResourceID(name, namespace));
  }

  @Override
  public void create(Job job) {
    acted = true;
    try {
      Job created = client.resource(job).create();
      jobs().handleRecentResourceCreate(ResourceID.fromResource(created), created);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }

  @Override
  public void delete(Job job) {
    acted = true;
    client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  @Override
  public List<Pod> podsOf(String jobName, boolean fresh) {
    List<Pod> pods =
        fresh
            ? client
                .pods()
                .inNamespace(namespace)
                .withLabel(HookRunner.JOB_NAME_LABEL, jobName)
                .list()
                .getItems()
            : this.<Pod>informer(Pod.class, DewyDeploymentReconciler.PODS)
                .list(namespace, p -> jobName.equals(label(p, HookRunner.JOB_NAME_LABEL)))
                .toList();
    return pods.stream().sorted(BY_CREATION).toList();
  }

  @Override
  public List<Pod> podsOfWorkload(HasMetadata workload) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabelSelector(Workload.selector(workload))
        .list()
        .getItems()
        .stream()
        .sorted(BY_CREATION)
        .toList();
  }

  @Override
  public Optional<String> logTail(Pod pod, String container, int lines) {
    try {
      return Optional.ofNullable(
              client
                  .pods()
                  .inNamespace(namespace)
                  .withName(pod.getMetadata().getName())
                  .inContainer(container)
                  .tailingLines(lines)
                  .getLog())
          .filter(log -> !log.isEmpty());
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Secret> readSecret(String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  /**
   * Writes status with optimistic locking on the stored resourceVersion, and tells the cache of the
   * write so the next pass reads it. A conflict (409) is left to JOSDK's update-and-cache, which
   * waits for the cache to catch up and writes again. A refusal (422) is thrown as it is: JOSDK's
   * helper treats it as a conflict too and would only time out polling its cache for a newer
   * version that never comes, so the refusal would never reach the Event that reports it.
   */
  @Override
  public DewyDeployment writeStatus(DewyDeployment stored, DewyDeploymentStatus status) {
    DewyDeployment desired = client.getKubernetesSerialization().clone(stored);
    desired.setStatus(status);
    try {
      DewyDeployment written = client.resource(desired).updateStatus();
      context
          .eventSourceRetriever()
          .getControllerEventSource()
          .handleRecentResourceUpdate(ResourceID.fromResource(written), written, stored);
      return written;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    return PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        stored,
        context,
        fresh -> {
          fresh.setStatus(status);
          return fresh;
        });
  }

  @Override
  public boolean dewyDeploymentExists(String name) {
    return context.getPrimaryCache().get(new ResourceID(name, namespace)).isPresent();
  }

  @Override
  public Optional<String> annotationManager(String name, String key) {
    // a list by name, not a get: the operator's role lists and watches DewyDeployments, and one
    // read at each approval is not worth a wider grant. Who approved is worth knowing, not
    // worth failing the approval for.
    try {
      return client
          .resources(DewyDeployment.class)
          .inNamespace(namespace)
          .withField("metadata.name", name)
          .list()
          .getItems()
          .stream()
          .findFirst()
          .flatMap(dd -> ImageOwner.ofAnnotation(dd, key))
          .map(ImageOwner::manager);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  private InformerEventSource<HasMetadata, DewyDeployment> workloads(TargetKind kind) {
    return informer(Workload.type(kind), DewyDeploymentReconciler.sourceName(kind));
  }

  private InformerEventSource<Job, DewyDeployment> jobs() {
    return informer(Job.class, DewyDeploymentReconciler.JOBS);
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> InformerEventSource<R, DewyDeployment> informer(
      Class<? extends HasMetadata> type, String name) {
    return (InformerEventSource<R, DewyDeployment>)
        context.eventSourceRetriever().getEventSourceFor(type, name);
  }

  private static String label(HasMetadata object, String key) {
    return object.getMetadata().getLabels() == null
        ? null
        : object.getMetadata().getLabels().get(key);
  }
}
