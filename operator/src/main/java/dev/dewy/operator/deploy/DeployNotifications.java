package dev.dewy.operator.deploy;

import dev.dewy.operator.api.v1alpha1.DewyDeployment;
import dev.dewy.operator.api.v1alpha1.HookResult;
import dev.dewy.operator.notify.ChannelSettings;
import dev.dewy.operator.notify.EventType;
import dev.dewy.operator.notify.HookOutcome;
import dev.dewy.operator.notify.Notification;
import dev.dewy.operator.notify.NotificationDispatcher;
import dev.dewy.operator.notify.Notifier;
import dev.dewy.operator.notify.NotifierChannels;
import dev.dewy.operator.notify.NotifierConfigException;
import dev.dewy.operator.notify.NotifierUrl;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends a DewyDeployment's deploy and hook results to its spec.notifier channel. The channel is
 * built from the URL and spec.notifierSecret and kept until either changes; a channel that cannot
 * be built is reported (see {@link #problem}) and the deploy goes on without it.
 */
final class DeployNotifications implements DeployNotifier {
  private record ChannelKey(String url, String secretName, String secretVersion) {}

  private record Channel(ChannelKey key, Notifier notifier, boolean quiet, String problem) {}

  private final NotificationDispatcher dispatcher;
  private final ChannelSettings settings;
  private final Clock clock;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  DeployNotifications(NotificationDispatcher dispatcher, ChannelSettings settings, Clock clock) {
    this.dispatcher = dispatcher;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void send(
      Secrets secrets,
      DewyDeployment dd,
      Optional<NotifierUrl> url,
      EventType type,
      String version,
      String previousVersion,
      String message,
      HookResult hook) {
    Channel channel = channel(secrets, dd, url);
    if (channel == null || channel.notifier() == null) {
      return;
    }
    Notification notification =
        new Notification(
            type,
            dd.getMetadata().getNamespace(),
            dd.getMetadata().getName(),
            version,
            previousVersion,
            HookEnvironment.withoutUserinfo(dd.getSpec().getRegistry()),
            message,
            hook == null ? null : outcome(hook),
            clock.instant());
    dispatcher.dispatch(channel.notifier(), channel.quiet(), notification);
  }

  /** Errors are over for this DewyDeployment: the next one is sent again (Dewy's throttle). */
  @Override
  public void resolved(DewyDeployment dd) {
    dispatcher.resolved(dd.getMetadata().getNamespace(), dd.getMetadata().getName());
  }

  /**
   * Why the configured channel cannot send, if it cannot; includes a spec.notifier that fails to
   * parse.
   */
  @Override
  public Optional<String> problem(Secrets secrets, DewyDeployment dd, Optional<NotifierUrl> url) {
    String raw = dd.getSpec().getNotifier();
    if (url.isEmpty() && raw != null && !raw.isBlank()) {
      try {
        NotifierUrl.parse(raw);
      } catch (NotifierConfigException e) {
        return Optional.of(e.getMessage() + "; notifications are not sent");
      }
    }
    Channel channel = channel(secrets, dd, url);
    return channel == null ? Optional.empty() : Optional.ofNullable(channel.problem());
  }

  @Override
  public void forget(String namespace, String name) {
    channels.remove(namespace + "/" + name);
    dispatcher.forget(namespace, name);
  }

  private Channel channel(Secrets secrets, DewyDeployment dd, Optional<NotifierUrl> url) {
    String key = dd.getMetadata().getNamespace() + "/" + dd.getMetadata().getName();
    if (url.isEmpty()) {
      channels.remove(key);
      return null;
    }
    String secretName = Optional.ofNullable(dd.getSpec().getNotifierSecret()).orElse("");
    Secret secret = secretName.isEmpty() ? null : secrets.get(secretName).orElse(null);
    ChannelKey wanted =
        new ChannelKey(
            dd.getSpec().getNotifier(),
            secretName,
            secret == null ? "" : secret.getMetadata().getResourceVersion());
    Channel current = channels.get(key);
    if (current != null && current.key().equals(wanted)) {
      return current;
    }
    Channel fresh = build(wanted, url.get(), secret, dd.getMetadata().getNamespace());
    channels.put(key, fresh);
    return fresh;
  }

  private Channel build(ChannelKey key, NotifierUrl url, Secret secret, String namespace) {
    if (!key.secretName().isEmpty() && secret == null) {
      return new Channel(
          key,
          null,
          url.quiet(),
          "spec.notifierSecret: Secret \"%s\" not found in namespace \"%s\"; notifications are not sent"
              .formatted(key.secretName(), namespace));
    }
    try {
      Notifier notifier = NotifierChannels.create(url, decode(secret), key.secretName(), settings);
      return new Channel(key, notifier, url.quiet(), null);
    } catch (NotifierConfigException e) {
      return new Channel(key, null, url.quiet(), e.getMessage() + "; notifications are not sent");
    }
  }

  private static Map<String, String> decode(Secret secret) {
    Map<String, String> data = new HashMap<>();
    if (secret == null) {
      return data;
    }
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }

  private static HookOutcome outcome(HookResult hook) {
    return new HookOutcome(
        hook.getCommand(),
        hook.getExitCode() == null ? -1 : hook.getExitCode(),
        hook.getDuration(),
        hook.getStdout(),
        hook.getStderr(),
        Boolean.TRUE.equals(hook.getSucceeded()),
        hook.getJobName());
  }
}
