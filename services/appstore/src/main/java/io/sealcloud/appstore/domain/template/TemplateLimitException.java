package io.sealcloud.appstore.domain.template;

/** A render went past its {@link TemplateLimits}: refused like any other template that cannot be rendered. */
public class TemplateLimitException extends TemplateFormatException {

    public TemplateLimitException(String message) {
        super(message);
    }

    private TemplateLimitException(String message, int line) {
        super(message, line);
    }

    @Override
    public TemplateFormatException located(String message, int line) {
        return new TemplateLimitException(message, line);
    }
}
