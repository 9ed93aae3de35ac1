package io.sealcloud.appstore.domain.policy;

/** An API group and kind ({@code ""} is the core group), e.g. {@code apps/Deployment}. */
public record GroupKind(String group, String kind) {

    public static GroupKind of(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return new GroupKind(slash < 0 ? "" : apiVersion.substring(0, slash), kind);
    }

    /** Parses {@code group/Kind} or {@code Kind} (core). */
    public static GroupKind parse(String text) {
        int slash = text.lastIndexOf('/');
        return slash < 0
                ? new GroupKind("", text.trim())
                : new GroupKind(
                        text.substring(0, slash).trim(),
                        text.substring(slash + 1).trim());
    }

    @Override
    public String toString() {
        return group.isEmpty() ? kind : kind + "." + group;
    }
}
