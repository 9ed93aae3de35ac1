package io.sealcloud.appstore.api;

import java.util.List;
import java.util.Map;

/**
 * The inputs are valid: the value every input will have, and what an install would create (kind and name per object,
 * links from the template's App objects). Generated values (passwords) are not shown: they depend on the install's
 * secret seed.
 */
public record CheckInputsResult(Map<String, String> inputs, List<ObjectRef> objects, List<String> links) {

    /** One object an install would create. */
    public record ObjectRef(String apiVersion, String kind, String name) {}
}
