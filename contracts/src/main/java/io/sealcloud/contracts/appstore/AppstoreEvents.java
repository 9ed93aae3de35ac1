package io.sealcloud.contracts.appstore;

import io.sealcloud.contracts.EventType;
import java.util.List;

/** The events the app store publishes on {@value #TOPIC}, all keyed by workspace id (docs/events.md). */
public final class AppstoreEvents {

    public static final String TOPIC = "sealcloud.appstore.v1";

    public static final EventType<AppInstalledV1> APP_INSTALLED = EventType.of(
            "io.sealcloud.appstore.app.installed.v1", TOPIC, "appstore/app.installed.v1.json", AppInstalledV1.class);

    public static final EventType<AppUpgradedV1> APP_UPGRADED = EventType.of(
            "io.sealcloud.appstore.app.upgraded.v1", TOPIC, "appstore/app.upgraded.v1.json", AppUpgradedV1.class);

    public static final EventType<AppReadyV1> APP_READY =
            EventType.of("io.sealcloud.appstore.app.ready.v1", TOPIC, "appstore/app.ready.v1.json", AppReadyV1.class);

    public static final EventType<AppFailedV1> APP_FAILED = EventType.of(
            "io.sealcloud.appstore.app.failed.v1", TOPIC, "appstore/app.failed.v1.json", AppFailedV1.class);

    public static final EventType<AppUninstalledV1> APP_UNINSTALLED = EventType.of(
            "io.sealcloud.appstore.app.uninstalled.v1",
            TOPIC,
            "appstore/app.uninstalled.v1.json",
            AppUninstalledV1.class);

    /** Every type above, for registries and the conformance test. */
    public static final List<EventType<?>> ALL =
            List.of(APP_INSTALLED, APP_UPGRADED, APP_READY, APP_FAILED, APP_UNINSTALLED);

    private AppstoreEvents() {}
}
