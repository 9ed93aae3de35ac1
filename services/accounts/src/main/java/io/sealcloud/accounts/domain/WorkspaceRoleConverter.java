package io.sealcloud.accounts.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link WorkspaceRole} in its lower-case wire form. */
@Converter
public class WorkspaceRoleConverter implements AttributeConverter<WorkspaceRole, String> {

    @Override
    public String convertToDatabaseColumn(WorkspaceRole role) {
        return role == null ? null : role.wire();
    }

    @Override
    public WorkspaceRole convertToEntityAttribute(String value) {
        return value == null ? null : WorkspaceRole.fromWire(value);
    }
}
