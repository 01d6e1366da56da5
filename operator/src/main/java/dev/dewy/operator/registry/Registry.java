package dev.dewy.operator.registry;

import java.util.List;

/** A release registry as the policy layer sees it: a source of candidate version names. */
public interface Registry {

  /**
   * The tags (or release names) the registry lists now, in the registry's order, with names that
   * could not be an image tag already dropped. Which one is newest is the policy's call.
   */
  List<String> tags() throws RegistryException;
}
