package io.sealcloud.platform;

/** Fixture: stands for platform/runtime code, which every service may use. */
public final class Shared {
    public static final String NAME = "platform";

    private Shared() {}
}
