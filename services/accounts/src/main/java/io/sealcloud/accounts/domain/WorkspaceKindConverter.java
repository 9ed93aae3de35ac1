package io.sealcloud.accounts.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link WorkspaceKind} in its lower-case wire form. */
@Converter
public class WorkspaceKindConverter implements AttributeConverter<WorkspaceKind, String> {

    @Override
    public String convertToDatabaseColumn(WorkspaceKind kind) {
        return kind == null ? null : kind.wire();
    }

    @Override
    public WorkspaceKind convertToEntityAttribute(String value) {
        return value == null ? null : WorkspaceKind.fromWire(value);
    }
}
