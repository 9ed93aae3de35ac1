package io.sealcloud.devstack.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An approximation of Kubernetes' strategic merge patch, enough for {@code kubectl apply} of built-in kinds on the
 * simulated server (the fabric8 mock answers 415). Without the Go schemas it guesses each list's merge key from
 * the usual ones ({@code name}, {@code containerPort}, {@code mountPath}, …); lists of objects without one are
 * replaced, as are primitive lists unless the patch gives {@code $setElementOrder}. Honours the {@code $patch}
 * (replace, delete), {@code $setElementOrder/…}, {@code $deleteFromPrimitiveList/…} and {@code $retainKeys}
 * directives.
 */
final class StrategicMergePatch {

    private static final List<String> MERGE_KEYS =
            List.of("name", "containerPort", "mountPath", "devicePath", "ip", "port", "type", "topologyKey");
    private static final String DIRECTIVE = "$patch";
    private static final String ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";
    private static final String RETAIN_KEYS = "$retainKeys";

    private StrategicMergePatch() {}

    /** The result of applying {@code patch} to {@code original}; neither argument is modified. */
    static JsonNode apply(JsonNode original, JsonNode patch) {
        JsonNode merged = merge(original, patch);
        return merged == null ? JsonNodeFactory.instance.objectNode() : merged;
    }

    private static JsonNode merge(JsonNode original, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        String directive = patch.path(DIRECTIVE).asText("");
        if ("delete".equals(directive)) {
            return null;
        }
        if ("replace".equals(directive)) {
            return withoutDirectives((ObjectNode) patch);
        }
        ObjectNode result = original != null && original.isObject()
                ? ((ObjectNode) original).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Map<String, JsonNode> orders = new HashMap<>();
        patch.fields().forEachRemaining(field -> {
            if (field.getKey().startsWith(ORDER)) {
                orders.put(field.getKey().substring(ORDER.length()), field.getValue());
            }
        });
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.startsWith(ORDER)) {
                continue;
            } else if (name.startsWith(DELETE_PRIMITIVE)) {
                String list = name.substring(DELETE_PRIMITIVE.length());
                if (result.get(list) instanceof ArrayNode values) {
                    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                    values.forEach(v -> {
                        if (!contains(value, v)) {
                            kept.add(v);
                        }
                    });
                    result.set(list, kept);
                }
            } else if (name.equals(DIRECTIVE) || name.equals(RETAIN_KEYS)) {
                continue;
            } else if (value.isNull()) {
                result.remove(name);
            } else if (value.isObject()) {
                JsonNode merged = merge(result.get(name), value);
                if (merged == null) {
                    result.remove(name);
                } else {
                    result.set(name, merged);
                }
            } else if (value.isArray()) {
                result.set(name, mergeList(result.get(name), (ArrayNode) value, orders.get(name)));
            } else {
                result.set(name, value.deepCopy());
            }
        }
        orders.forEach((name, order) -> {
            if (result.get(name) instanceof ArrayNode list && order instanceof ArrayNode elements) {
                result.set(name, reorder(list, elements));
            }
        });
        if (patch.get(RETAIN_KEYS) instanceof ArrayNode retain) {
            List<String> names = new ArrayList<>();
            result.fieldNames().forEachRemaining(names::add);
            names.stream()
                    .filter(n -> !contains(retain, JsonNodeFactory.instance.textNode(n)))
                    .forEach(result::remove);
        }
        return result;
    }

    private static ArrayNode mergeList(JsonNode original, ArrayNode patch, JsonNode order) {
        String key = mergeKey(patch, order);
        if (key == null) {
            if (order instanceof ArrayNode elements
                    && !patch.isEmpty()
                    && !patch.get(0).isObject()) {
                // A merge-strategy primitive list (finalizers): the order lists every element that stays.
                return elements.deepCopy();
            }
            ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
            patch.forEach(element -> {
                if (!"delete".equals(element.path(DIRECTIVE).asText(""))) {
                    replaced.add(element.isObject() ? withoutDirectives((ObjectNode) element) : element.deepCopy());
                }
            });
            return replaced;
        }
        ArrayNode result = original instanceof ArrayNode list ? list.deepCopy() : JsonNodeFactory.instance.arrayNode();
        for (JsonNode element : patch) {
            int index = indexOf(result, key, element.get(key));
            if ("delete".equals(element.path(DIRECTIVE).asText(""))) {
                if (index >= 0) {
                    result.remove(index);
                }
            } else if (index >= 0) {
                result.set(index, merge(result.get(index), element));
            } else {
                result.add(merge(null, element));
            }
        }
        return result;
    }

    private static String mergeKey(ArrayNode patch, JsonNode order) {
        JsonNode sample = !patch.isEmpty() ? patch.get(0) : order != null && !order.isEmpty() ? order.get(0) : null;
        if (sample == null || !sample.isObject()) {
            return null;
        }
        for (String key : MERGE_KEYS) {
            boolean everyElement = true;
            for (JsonNode element : patch) {
                everyElement &= element.has(key);
            }
            if (everyElement && sample.has(key)) {
                return key;
            }
        }
        return null;
    }

    private static ArrayNode reorder(ArrayNode list, ArrayNode order) {
        if (order.isEmpty()) {
            return list;
        }
        ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
        List<JsonNode> rest = new ArrayList<>();
        list.forEach(rest::add);
        for (JsonNode wanted : order) {
            for (Iterator<JsonNode> it = rest.iterator(); it.hasNext(); ) {
                JsonNode element = it.next();
                if (matches(element, wanted)) {
                    sorted.add(element);
                    it.remove();
                    break;
                }
            }
        }
        rest.forEach(sorted::add);
        return sorted;
    }

    private static boolean matches(JsonNode element, JsonNode wanted) {
        if (!wanted.isObject()) {
            return element.equals(wanted);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> key = it.next();
            if (!key.getValue().equals(element.get(key.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value != null && value.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode element : array) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode withoutDirectives(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        copy.remove(DIRECTIVE);
        copy.remove(RETAIN_KEYS);
        return copy;
    }
}
