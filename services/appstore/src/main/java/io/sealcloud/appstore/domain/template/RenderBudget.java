package io.sealcloud.appstore.domain.template;

/**
 * The cost of one render so far, against its {@link TemplateLimits}: steps of the expression being evaluated and the
 * characters the manifests' expressions produced. Not thread-safe, like the render it belongs to.
 */
final class RenderBudget {

    private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

    private final TemplateLimits limits;
    private int steps;
    private long rendered;

    RenderBudget(TemplateLimits limits) {
        this.limits = limits;
    }

    TemplateLimits limits() {
        return limits;
    }

    /** Runs one expression's evaluation with this budget current (for the arithmetic and the method calls). */
    <T> T evaluating(java.util.function.Supplier<T> evaluation) {
        RenderBudget previous = CURRENT.get();
        CURRENT.set(this);
        steps = 0;
        try {
            return evaluation.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** The budget of the expression being evaluated on this thread, or null outside an evaluation. */
    static RenderBudget current() {
        return CURRENT.get();
    }

    void step() {
        if (++steps > limits.maxSteps()) {
            throw new TemplateLimitException("takes more than " + limits.maxSteps()
                    + " steps (method calls and '+'), the most one expression may");
        }
    }

    /** Refuses a value of {@code length} characters before (or after) it is built. */
    void value(long length) {
        if (length > limits.maxValueChars()) {
            throw new TemplateLimitException("would produce a value of " + length + " characters, more than the "
                    + limits.maxValueChars() + " a template value may have");
        }
    }

    /** Counts text a render adds to its manifests. */
    void rendered(long length) {
        rendered += length;
        if (rendered > limits.maxRenderedChars()) {
            throw new TemplateLimitException("the rendered manifests exceed " + limits.maxRenderedChars()
                    + " characters, the most a template may render");
        }
    }
}
