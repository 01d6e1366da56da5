package dev.dewy.sandbox.controllers;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the pods the Job controller creates: name, labels and owner as Kubernetes sets them. */
public final class JobPods {

  /** Label on a Job's pods carrying the Job's uid; the controller selects its pods by it. */
  public static final String CONTROLLER_UID = "controller-uid";

  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobPods() {}

  public static Pod newPod(Job job) {
    String jobName = job.getMetadata().getName();
    String uid = job.getMetadata().getUid();
    var template = job.getSpec().getTemplate();
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
      labels.putAll(template.getMetadata().getLabels());
    }
    labels.put(CONTROLLER_UID, uid);
    labels.put("batch.kubernetes.io/controller-uid", uid);
    labels.put("job-name", jobName);
    labels.put("batch.kubernetes.io/job-name", jobName);
    Map<String, String> annotations =
        template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
    PodSpec spec = new PodBuilder().withSpec(template.getSpec()).build().getSpec();
    if (spec.getRestartPolicy() == null) {
      spec.setRestartPolicy("Never");
    }
    return new PodBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(jobName + "-" + randomSuffix())
                .withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("batch/v1")
                        .withKind("Job")
                        .withName(jobName)
                        .withUid(uid)
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build())
        .withSpec(spec)
        .build();
  }

  static String randomSuffix() {
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
    }
    return suffix.toString();
  }
}
