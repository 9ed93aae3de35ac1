package io.sealcloud.appstore.domain.template;

import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.jexl3.JexlArithmetic;

/**
 * JEXL arithmetic with the JavaScript semantics the Sealos format relies on: {@code +} concatenates as soon as one
 * side is a string, and truthiness is JavaScript's ({@code ''}, {@code 0}, {@code null} are false; the string
 * {@code 'false'} is true).
 */
final class JsArithmetic extends JexlArithmetic {

    JsArithmetic() {
        super(false);
    }

    private JsArithmetic(boolean strict, MathContext context, int scale) {
        super(strict, context, scale);
    }

    @Override
    protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
        return new JsArithmetic(strict, context, scale);
    }

    @Override
    public Object add(Object left, Object right) {
        RenderBudget budget = RenderBudget.current();
        if (budget != null) {
            budget.step();
        }
        if (left instanceof String || right instanceof String) {
            String l = text(left);
            String r = text(right);
            if (budget != null) {
                budget.value((long) l.length() + r.length());
            }
            return l + r;
        }
        return super.add(left, right);
    }

    @Override
    public boolean toBoolean(Object value) {
        return truthy(value);
    }

    @Override
    protected boolean toBoolean(boolean strict, Object value) {
        return truthy(value);
    }

    @Override
    public boolean testPredicate(Object value) {
        return truthy(value);
    }

    /** JavaScript's ToBoolean. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d != 0 && !d.isNaN();
        }
        if (value instanceof Float f) {
            return f != 0 && !f.isNaN();
        }
        if (value instanceof BigDecimal d) {
            return d.signum() != 0;
        }
        if (value instanceof Number n) {
            return n.longValue() != 0;
        }
        if (value instanceof CharSequence s) {
            return !s.isEmpty();
        }
        return true;
    }

    /** JavaScript's ToString, except that a missing value renders as the empty string (not "undefined"). */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && !d.isInfinite() && !d.isNaN() && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
