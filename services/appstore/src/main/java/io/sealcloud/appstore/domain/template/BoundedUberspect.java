package io.sealcloud.appstore.domain.template;

import java.util.Iterator;
import java.util.List;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlOperator;
import org.apache.commons.jexl3.introspection.JexlMethod;
import org.apache.commons.jexl3.introspection.JexlPropertyGet;
import org.apache.commons.jexl3.introspection.JexlPropertySet;
import org.apache.commons.jexl3.introspection.JexlUberspect;

/**
 * JEXL's introspection with every method call of an expression counted and its result bounded ({@link RenderBudget}).
 * {@code String.replace} is checked <em>before</em> it runs: {@code s.replace('', r)} is {@code (|s|+1)·|r|+|s|}
 * characters long, too much to allocate first and measure after. The sandbox wraps this (it decides what may be
 * called at all); this only decides how much a permitted call may cost.
 */
final class BoundedUberspect implements JexlUberspect {

    private final JexlUberspect delegate;

    BoundedUberspect(JexlUberspect delegate) {
        this.delegate = delegate;
    }

    @Override
    public JexlMethod getMethod(Object obj, String method, Object... args) {
        JexlMethod found = delegate.getMethod(obj, method, args);
        return found == null ? null : new BoundedMethod(found, method);
    }

    /** Checks a call's cost before it runs and its result after. */
    static Object call(String name, Object target, Object[] args, Invocation invocation) throws Exception {
        RenderBudget budget = RenderBudget.current();
        if (budget != null) {
            budget.step();
            if (target instanceof CharSequence s
                    && name.equals("replace")
                    && args.length == 2
                    && args[0] instanceof CharSequence search
                    && args[1] instanceof CharSequence replacement) {
                budget.value(replacedLength(s.toString(), search.toString(), replacement.length()));
            }
        }
        Object result = invocation.invoke();
        if (budget != null && result instanceof CharSequence text) {
            budget.value(text.length());
        }
        return result;
    }

    /** The length of {@code s.replace(search, replacement)}, computed without building it. */
    static long replacedLength(String s, String search, int replacement) {
        if (search.isEmpty()) {
            return (long) (s.length() + 1) * replacement + s.length();
        }
        long occurrences = 0;
        for (int at = s.indexOf(search); at >= 0; at = s.indexOf(search, at + search.length())) {
            occurrences++;
        }
        return s.length() + occurrences * (replacement - (long) search.length());
    }

    @FunctionalInterface
    interface Invocation {
        Object invoke() throws Exception;
    }

    private record BoundedMethod(JexlMethod delegate, String name) implements JexlMethod {

        @Override
        public Object invoke(Object obj, Object... params) throws Exception {
            return call(name, obj, params, () -> delegate.invoke(obj, params));
        }

        @Override
        public Object tryInvoke(String methodName, Object obj, Object... params) throws JexlException.TryFailed {
            // A cached call: the same checks (a failed try, JEXL's sentinel, then resolves again through getMethod).
            try {
                return call(methodName, obj, params, () -> delegate.tryInvoke(methodName, obj, params));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean tryFailed(Object rval) {
            return delegate.tryFailed(rval);
        }

        @Override
        public boolean isCacheable() {
            return delegate.isCacheable();
        }

        @Override
        public Class<?> getReturnType() {
            return delegate.getReturnType();
        }
    }

    // ---- everything else as JEXL does it ----------------------------------------------------------------------------

    @Override
    public JexlArithmetic.Uberspect getArithmetic(JexlArithmetic arithmetic) {
        return delegate.getArithmetic(arithmetic);
    }

    @Override
    public JexlOperator.Uberspect getOperator(JexlArithmetic arithmetic) {
        return delegate.getOperator(arithmetic);
    }

    @Override
    public Class<?> getClassByName(String className) {
        return delegate.getClassByName(className);
    }

    @Override
    public ClassLoader getClassLoader() {
        return delegate.getClassLoader();
    }

    @Override
    public JexlMethod getConstructor(Object ctorHandle, Object... args) {
        return delegate.getConstructor(ctorHandle, args);
    }

    @Override
    public Iterator<?> getIterator(Object obj) {
        return delegate.getIterator(obj);
    }

    @Override
    public JexlPropertyGet getPropertyGet(List<PropertyResolver> resolvers, Object obj, Object identifier) {
        return delegate.getPropertyGet(resolvers, obj, identifier);
    }

    @Override
    public JexlPropertyGet getPropertyGet(Object obj, Object identifier) {
        return delegate.getPropertyGet(obj, identifier);
    }

    @Override
    public JexlPropertySet getPropertySet(List<PropertyResolver> resolvers, Object obj, Object identifier, Object arg) {
        return delegate.getPropertySet(resolvers, obj, identifier, arg);
    }

    @Override
    public JexlPropertySet getPropertySet(Object obj, Object identifier, Object arg) {
        return delegate.getPropertySet(obj, identifier, arg);
    }

    @Override
    public List<PropertyResolver> getResolvers(JexlOperator op, Object obj) {
        return delegate.getResolvers(op, obj);
    }

    @Override
    public int getVersion() {
        return delegate.getVersion();
    }

    @Override
    public void setClassLoader(ClassLoader loader) {
        delegate.setClassLoader(loader);
    }
}
