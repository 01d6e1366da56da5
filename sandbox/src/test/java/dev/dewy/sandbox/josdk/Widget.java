package dev.dewy.sandbox.josdk;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/** The test CRD's Widget as a JOSDK primary resource. */
@Group("test.dewy.dev")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  /** Desired state. */
  public static class Spec {
    public Integer size;
    public String color;
    public List<String> parts;
  }

  /** Observed state. */
  public static class Status {
    public String phase;
    public Long observedGeneration;
    public List<Condition> conditions;
  }
}
