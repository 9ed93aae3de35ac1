package io.sealcloud.appstore.domain.template;

/** A template that does not follow the format (unparseable YAML, unbalanced directives, bad expression, …). */
public class TemplateFormatException extends RuntimeException {

    private final int line;

    public TemplateFormatException(String message) {
        this(message, 0, null);
    }

    public TemplateFormatException(String message, int line) {
        this(message, line, null);
    }

    public TemplateFormatException(String message, int line, Throwable cause) {
        super(line > 0 ? "line " + line + ": " + message : message, cause);
        this.line = line;
    }

    /** The same failure with more context (where it happened), of the same type. */
    public TemplateFormatException located(String message, int line) {
        return new TemplateFormatException(message, line, getCause() == null ? this : getCause());
    }

    /** 1-based line in the template file, 0 when unknown. */
    public int line() {
        return line;
    }
}
