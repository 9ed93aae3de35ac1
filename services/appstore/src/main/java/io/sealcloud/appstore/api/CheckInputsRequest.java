package io.sealcloud.appstore.api;

import java.util.Map;

/** Inputs to check against a template version, by input name; JSON strings, numbers or booleans. */
public record CheckInputsRequest(Map<String, Object> inputs) {

    public Map<String, Object> inputsOrEmpty() {
        return inputs == null ? Map.of() : inputs;
    }
}
