package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.notify.EventType;
import dev.dewy.operator.notify.NotifierUrl;
import java.util.Optional;

/**
 * Where the flow's notifications go ({@link DeployNotifications}; a list in unit tests). The
 * Secrets are the pass's, so the notifier's Secret is read once per pass.
 */
interface DeployNotifier {
  void send(
      Secrets secrets,
      DewyDeployment dd,
      Optional<NotifierUrl> url,
      EventType type,
      String version,
      String previousVersion,
      String message,
      HookResult hook);

  /** Errors are over for this DewyDeployment: the next one is sent again. */
  void resolved(DewyDeployment dd);

  /** Why the configured channel cannot send, if it cannot. */
  Optional<String> problem(Secrets secrets, DewyDeployment dd, Optional<NotifierUrl> url);

  /** The DewyDeployment is gone: its channel and throttle state go too. */
  void forget(String namespace, String name);
}
