package io.sealcloud.appstore.domain.template;

/**
 * What one render may cost: partner uploads are rendered at import, in the JVM that also runs the controller, so an
 * expression like {@code 'a'.replace('', 'aaaa')} chained a dozen times (5× longer per call) must fail fast instead of
 * filling the heap.
 *
 * @param maxValueChars the longest string any step of an expression may produce (checked before a {@code replace}
 *     allocates its result, after every other step)
 * @param maxSteps method calls and {@code +} operations one expression may make
 * @param maxRenderedChars the manifests' text after directives plus everything their expressions add
 */
public record TemplateLimits(int maxValueChars, int maxSteps, long maxRenderedChars) {

    /** 128 Ki characters per value, 1000 steps per expression, 4 Mi characters per render. */
    public static final TemplateLimits DEFAULTS = new TemplateLimits(131_072, 1_000, 4L * 1024 * 1024);

    public TemplateLimits {
        if (maxValueChars < 1 || maxSteps < 1 || maxRenderedChars < 1) {
            throw new IllegalArgumentException("template limits must be positive");
        }
    }
}
