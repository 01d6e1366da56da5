package dev.dewy.operator.deploy;

import dev.dewy.operator.notify.NotifierUrl;
import dev.dewy.operator.registry.RegistryUrl;
import dev.dewy.operator.version.TagFilter;
import dev.dewy.operator.version.VersionPolicy;
import java.time.Duration;
import java.util.Optional;

/** A spec that passed {@link SpecCheck}: every string the flow needs, parsed once. */
record CheckedSpec(
    RegistryUrl registry,
    VersionPolicy policy,
    TagFilter tagFilter,
    Duration interval,
    Optional<NotifierUrl> notifier,
    Duration beforeHookTimeout,
    Duration afterHookTimeout,
    Optional<Duration> approvalTimeout,
    Duration rolloutTimeout) {}
