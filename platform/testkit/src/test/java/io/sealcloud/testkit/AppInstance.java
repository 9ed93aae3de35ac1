package io.sealcloud.testkit;

import jakarta.inject.Singleton;
import java.util.UUID;

/** One per booted application: tells whether two test classes ran in the same boot. */
@Singleton
public class AppInstance {

    private final String id = UUID.randomUUID().toString();

    public String id() {
        return id;
    }
}
