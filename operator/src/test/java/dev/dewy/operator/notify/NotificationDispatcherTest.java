package dev.dewy.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotificationDispatcherTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  private NotificationDispatcher dispatcher(Duration sendTimeout) {
    return dispatcher(100, sendTimeout);
  }

  private NotificationDispatcher dispatcher(int capacity, Duration sendTimeout) {
    NotificationDispatcher dispatcher =
        new NotificationDispatcher(
            new DispatchSettings(capacity, sendTimeout, Duration.ofMillis(10)));
    toClose.add(dispatcher);
    return dispatcher;
  }

  private RecordingHttpServer server() throws Exception {
    RecordingHttpServer server = new RecordingHttpServer();
    toClose.add(server);
    return server;
  }

  private static Notifier webhookTo(RecordingHttpServer server) throws Exception {
    return TestChannels.create("webhook://127.0.0.1:" + server.port() + "/events", Map.of());
  }

  @Test
  void dispatchReturnsWhileTheChannelIsStillWaitingForAHangingServer() throws Exception {
    // given: a webhook server that never answers, and a send deadline far away
    RecordingHttpServer hanging = server().hanging();
    Notifier webhook = webhookTo(hanging);
    AtomicBoolean sendFinished = new AtomicBoolean();
    Notifier watched =
        n -> {
          try {
            webhook.send(n);
          } finally {
            sendFinished.set(true);
          }
        };
    NotificationDispatcher dispatcher = dispatcher(Duration.ofMinutes(1));

    // when
    dispatcher.dispatch(watched, false, Notifications.failedBeforeHook());

    // then: the caller is back, the request reached the server, and the send has not finished
    assertThat(hanging.awaitFirstRequest()).isTrue();
    assertThat(sendFinished).isFalse();
    assertThat(dispatcher.counters().sent() + dispatcher.counters().failed()).isZero();
  }

  @Test
  void dispatchReturnsWhileTheChannelIsInsideSend() throws Exception {
    // given
    RecordingNotifier blocked = RecordingNotifier.gated();
    NotificationDispatcher dispatcher = dispatcher(Duration.ofMinutes(1));

    // when
    dispatcher.dispatch(blocked, false, Notifications.failedBeforeHook());

    // then: the channel is entered and still inside send after dispatch came back
    assertThat(blocked.awaitEntered()).isTrue();
    assertThat(blocked.inside()).isTrue();
    blocked.release();
    await().atMost(PATIENCE).until(() -> dispatcher.counters().sent() == 1);
  }

  @Test
  void hangingServerIsCountedAsFailedAfterOneRetry() throws Exception {
    // given
    RecordingHttpServer hanging = server().hanging();
    NotificationDispatcher dispatcher = dispatcher(Duration.ofMillis(200));

    // when
    dispatcher.dispatch(webhookTo(hanging), false, Notifications.failedBeforeHook());

    // then
    await().atMost(PATIENCE).until(() -> dispatcher.counters().failed() == 1);
    assertThat(hanging.requests()).hasSize(2);
    assertThat(dispatcher.counters().sent()).isZero();
  }

  @Test
  void serverErrorIsRetriedOnceThenCountedAsFailed() throws Exception {
    // given
    RecordingHttpServer broken = server().answering(500, "boom");
    NotificationDispatcher dispatcher = dispatcher(Duration.ofSeconds(30));

    // when
    dispatcher.dispatch(webhookTo(broken), false, Notifications.failedAfterHook());

    // then
    await().atMost(PATIENCE).until(() -> dispatcher.counters().failed() == 1);
    assertThat(broken.requests()).hasSize(2);
    assertThat(dispatcher.counters().sent()).isZero();
  }

  @Test
  void retrySucceedsAfterOneFailure() {
    RecordingNotifier flaky = RecordingNotifier.failingFirst(1);
    NotificationDispatcher dispatcher = dispatcher(Duration.ofSeconds(30));

    dispatcher.dispatch(flaky, false, Notifications.failedBeforeHook());

    await().atMost(PATIENCE).until(() -> dispatcher.counters().sent() == 1);
    assertThat(dispatcher.counters().failed()).isZero();
    assertThat(flaky.sent()).hasSize(1);
  }

  @Test
  void oneDeploymentsNotificationsArriveInTheOrderGiven() throws Exception {
    // given: two deployments sharing one webhook
    RecordingHttpServer receiver = server();
    Notifier webhook = webhookTo(receiver);
    NotificationDispatcher dispatcher = dispatcher(Duration.ofSeconds(30));

    // when: their notifications are interleaved
    for (int i = 1; i <= 20; i++) {
      for (String name : List.of("shop", "cart")) {
        dispatcher.dispatch(
            webhook,
            false,
            new Notification(
                EventType.DEPLOY_STARTED,
                "prod",
                name,
                "v" + i + ".0.0",
                "",
                "",
                "#" + i,
                null,
                null));
      }
    }

    // then: each deployment's messages arrive in order
    await().atMost(PATIENCE).until(() -> receiver.requests().size() == 40);
    ObjectMapper json = new ObjectMapper();
    for (String name : List.of("shop", "cart")) {
      List<String> messages = new ArrayList<>();
      for (RecordingHttpServer.Request request : receiver.requests()) {
        var body = json.readTree(request.body());
        if (body.path("deployment").path("name").asText().equals(name)) {
          messages.add(body.path("message").asText());
        }
      }
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        expected.add("#" + i);
      }
      assertThat(messages).as(name).isEqualTo(expected);
    }
  }

  @Test
  void quietModeSendsOnlyFailuresAndWarnings() {
    // given
    RecordingNotifier channel = RecordingNotifier.open();
    NotificationDispatcher dispatcher = dispatcher(Duration.ofSeconds(30));

    // when: a whole rollout with a failing after-hook, then a registry error
    for (EventType type :
        List.of(
            EventType.DEPLOY_STARTED,
            EventType.BEFORE_HOOK_SUCCEEDED,
            EventType.AFTER_HOOK_FAILED,
            EventType.DEPLOY_SUCCEEDED,
            EventType.REGISTRY_ERROR)) {
      dispatcher.dispatch(channel, true, Notifications.of(type, type.name()));
    }

    // then: the last one arriving means every earlier one was decided
    await().atMost(PATIENCE).until(() -> channel.sent().size() == 2);
    assertThat(channel.sent())
        .extracting(Notification::type)
        .containsExactly(EventType.AFTER_HOOK_FAILED, EventType.REGISTRY_ERROR);
    assertThat(dispatcher.counters().quieted()).isEqualTo(3);
  }

  @Test
  void repeatedErrorIsSentTwiceThenOnceWithANoticeThenHeldUntilASuccess() {
    // given
    RecordingNotifier channel = RecordingNotifier.open();
    NotificationDispatcher dispatcher = dispatcher(Duration.ofSeconds(30));
    Notification error = Notifications.of(EventType.REGISTRY_ERROR, "tags list: 503");

    // when: the same error five times, a start while it is outstanding, a success, the error again
    for (int i = 0; i < 5; i++) {
      dispatcher.dispatch(channel, false, error);
    }
    dispatcher.dispatch(channel, false, Notifications.of(EventType.DEPLOY_STARTED, "started"));
    dispatcher.dispatch(channel, false, Notifications.of(EventType.DEPLOY_SUCCEEDED, "deployed"));
    dispatcher.dispatch(channel, false, error);

    // then
    await().atMost(PATIENCE).until(() -> channel.sent().size() == 5);
    assertThat(channel.messages())
        .containsExactly(
            "tags list: 503",
            "tags list: 503",
            "No more notifications of this error will be sent until a success.\n\ntags list: 503",
            "deployed",
            "tags list: 503");
    assertThat(dispatcher.counters().throttled()).isEqualTo(3);
  }

  @Test
  void aDifferentErrorIsReportedWhileAnotherIsThrottledAndResolvedResetsTheCount() {
    RecordingNotifier channel = RecordingNotifier.open();
    NotificationDispatcher dispatcher = dispatcher(Duration.ofSeconds(30));
    Notification registry = Notifications.of(EventType.REGISTRY_ERROR, "tags list: 503");
    for (int i = 0; i < 4; i++) {
      dispatcher.dispatch(channel, false, registry);
    }

    dispatcher.dispatch(channel, false, Notifications.of(EventType.CONFIG_ERROR, "bad target"));
    dispatcher.resolved("shop", "myapp");
    dispatcher.dispatch(channel, false, registry);

    await().atMost(PATIENCE).until(() -> channel.sent().size() == 5);
    assertThat(channel.sent())
        .extracting(Notification::type)
        .containsExactly(
            EventType.REGISTRY_ERROR,
            EventType.REGISTRY_ERROR,
            EventType.REGISTRY_ERROR,
            EventType.CONFIG_ERROR,
            EventType.REGISTRY_ERROR);
    assertThat(channel.messages().get(4)).isEqualTo("tags list: 503");
  }

  @Test
  void failingDeployOfOneVersionIsThrottledThoughEachAttemptsMessageDiffersButANewVersionIsSent() {
    // given
    RecordingNotifier channel = RecordingNotifier.open();
    NotificationDispatcher dispatcher = dispatcher(Duration.ofSeconds(30));

    // when: v1.5.0 aborted four times, each message with its own retry time, then v1.6.0 aborted
    for (int attempt = 1; attempt <= 4; attempt++) {
      dispatcher.dispatch(
          channel,
          false,
          Notifications.of(EventType.DEPLOY_ABORTED, "aborted; next attempt after T" + attempt));
    }
    Notification newer =
        new Notification(
            EventType.DEPLOY_ABORTED,
            "shop",
            "myapp",
            "v1.6.0",
            "v1.4.0",
            "",
            "aborted",
            null,
            Notifications.TIME);
    dispatcher.dispatch(channel, false, newer);

    // then
    await().atMost(PATIENCE).until(() -> channel.sent().size() == 4);
    assertThat(channel.messages())
        .containsExactly(
            "aborted; next attempt after T1",
            "aborted; next attempt after T2",
            "No more notifications of this error will be sent until a success.\n\n"
                + "aborted; next attempt after T3",
            "aborted");
    assertThat(dispatcher.counters().throttled()).isEqualTo(1);
  }

  @Test
  void fullQueueDropsTheOldestAndCountsIt() throws Exception {
    // given: a channel stuck on the first notification, and room for three more
    RecordingNotifier stuck = RecordingNotifier.gated();
    NotificationDispatcher dispatcher = dispatcher(3, Duration.ofMinutes(1));
    dispatcher.dispatch(stuck, false, Notifications.of(EventType.DEPLOY_STARTED, "1"));
    assertThat(stuck.awaitEntered()).isTrue();

    // when
    for (int i = 2; i <= 6; i++) {
      dispatcher.dispatch(stuck, false, Notifications.of(EventType.DEPLOY_STARTED, "" + i));
    }
    stuck.release();

    // then
    await().atMost(PATIENCE).until(() -> stuck.sent().size() == 4);
    assertThat(stuck.messages()).containsExactly("1", "4", "5", "6");
    assertThat(dispatcher.counters().dropped()).isEqualTo(2);
  }
}
