package io.sealcloud.devstack.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** RFC 9457 problem details written by the gateway itself (the services write their own). */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    /** A problem of type {@code about:blank}: the title is the status' reason phrase. */
    static Buffer of(int status, String title, String detail, String instance) {
        return new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("instance", instance)
                .toBuffer();
    }
}
