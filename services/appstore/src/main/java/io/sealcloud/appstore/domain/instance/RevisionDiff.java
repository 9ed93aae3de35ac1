package io.sealcloud.appstore.domain.instance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an upgrade would change: input values (changed, added, removed) and rendered objects (added, removed, changed
 * with the JSON Pointers of each changed field). Secret {@code data}/{@code stringData} values are never shown, only
 * that they change. Pure.
 */
public record RevisionDiff(List<ValueChange> values, List<ObjectChange> objects) {

    /** An input whose value differs; {@code from} or {@code to} is null when the input is absent on that side. */
    public record ValueChange(String name, String from, String to) {}

    /** One object: {@code added}, {@code removed} or {@code changed} (with its fields). */
    public record ObjectChange(String apiVersion, String kind, String name, String change, List<FieldChange> fields) {}

    /** A field by JSON Pointer; values are JSON-ish (maps, lists, scalars) or {@code "(hidden)"} for secret data. */
    public record FieldChange(String path, Object from, Object to) {}

    static final String HIDDEN = "(hidden)";

    public boolean isEmpty() {
        return values.isEmpty() && objects.isEmpty();
    }

    public static RevisionDiff of(
            Map<String, String> fromValues,
            Map<String, String> toValues,
            List<Map<String, Object>> fromObjects,
            List<Map<String, Object>> toObjects) {
        return new RevisionDiff(values(fromValues, toValues), objects(fromObjects, toObjects));
    }

    static List<ValueChange> values(Map<String, String> from, Map<String, String> to) {
        Set<String> names = new LinkedHashSet<>(new TreeMap<>(from).keySet());
        names.addAll(new TreeMap<>(to).keySet());
        List<ValueChange> changes = new ArrayList<>();
        for (String name : names) {
            String a = from.get(name);
            String b = to.get(name);
            if (!Objects.equals(a, b)) {
                changes.add(new ValueChange(name, a, b));
            }
        }
        return changes;
    }

    static List<ObjectChange> objects(List<Map<String, Object>> from, List<Map<String, Object>> to) {
        Map<String, Map<String, Object>> before = byIdentity(from);
        Map<String, Map<String, Object>> after = byIdentity(to);
        List<ObjectChange> changes = new ArrayList<>();
        for (var entry : after.entrySet()) {
            Map<String, Object> old = before.get(entry.getKey());
            Map<String, Object> now = entry.getValue();
            if (old == null) {
                changes.add(change(now, "added", List.of()));
            } else {
                List<FieldChange> fields = new ArrayList<>();
                boolean secret = isSecret(now);
                fields(old, now, "", secret, fields);
                if (!fields.isEmpty()) {
                    changes.add(change(now, "changed", fields));
                }
            }
        }
        for (var entry : before.entrySet()) {
            if (!after.containsKey(entry.getKey())) {
                changes.add(change(entry.getValue(), "removed", List.of()));
            }
        }
        return changes;
    }

    private static void fields(Object a, Object b, String path, boolean secret, List<FieldChange> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            Set<Object> keys = new LinkedHashSet<>(ma.keySet());
            keys.addAll(mb.keySet());
            for (Object key : keys) {
                String child = path + "/" + escape(String.valueOf(key));
                fields(ma.get(key), mb.get(key), child, secret, out);
            }
            return;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && la.size() == lb.size()) {
            for (int i = 0; i < la.size(); i++) {
                fields(la.get(i), lb.get(i), path + "/" + i, secret, out);
            }
            return;
        }
        if (Objects.equals(a, b)) {
            return;
        }
        if (secret && (path.startsWith("/data/") || path.startsWith("/stringData/"))) {
            out.add(new FieldChange(path, a == null ? null : HIDDEN, b == null ? null : HIDDEN));
        } else {
            out.add(new FieldChange(path, a, b));
        }
    }

    private static boolean isSecret(Map<String, Object> object) {
        return "Secret".equals(object.get("kind")) && "v1".equals(object.get("apiVersion"));
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static Map<String, Map<String, Object>> byIdentity(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> map = new LinkedHashMap<>();
        for (Map<String, Object> o : objects) {
            map.put(identity(o), o);
        }
        return map;
    }

    static String identity(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return group + "/" + object.get("kind") + "/" + name(object);
    }

    private static String name(Map<String, Object> object) {
        return object.get("metadata") instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "null";
    }

    private static ObjectChange change(Map<String, Object> object, String change, List<FieldChange> fields) {
        return new ObjectChange(
                String.valueOf(object.get("apiVersion")),
                String.valueOf(object.get("kind")),
                name(object),
                change,
                fields);
    }
}
