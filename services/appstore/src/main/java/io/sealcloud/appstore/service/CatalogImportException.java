package io.sealcloud.appstore.service;

import java.util.List;

/** An import was refused; nothing of it was stored. One entry per bad file. */
public class CatalogImportException extends RuntimeException {

    /** A file that could not be imported, and why. */
    public record FileError(String file, String detail) {}

    private final List<FileError> errors;

    public CatalogImportException(List<FileError> errors) {
        super(errors.get(0).file() + ": " + errors.get(0).detail());
        this.errors = List.copyOf(errors);
    }

    public List<FileError> errors() {
        return errors;
    }
}
