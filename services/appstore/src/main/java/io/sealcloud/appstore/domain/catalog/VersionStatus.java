package io.sealcloud.appstore.domain.catalog;

import jakarta.persistence.AttributeConverter;
import java.util.Locale;

/** Lifecycle of a template version: drafts are hidden; deprecated ones are listed but flagged; withdrawn are gone. */
public enum VersionStatus {
    DRAFT,
    PUBLISHED,
    DEPRECATED,
    WITHDRAWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Stored lowercase, as the CHECK constraint spells them. */
    @jakarta.persistence.Converter
    public static class Converter implements AttributeConverter<VersionStatus, String> {
        @Override
        public String convertToDatabaseColumn(VersionStatus status) {
            return status == null ? null : status.wireName();
        }

        @Override
        public VersionStatus convertToEntityAttribute(String value) {
            return value == null ? null : VersionStatus.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
