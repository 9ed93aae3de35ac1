package io.sealcloud.appstore.domain.template;

import java.util.ArrayList;
import java.util.List;

/** Finds the {@code ${{ … }}} expressions in template text. */
public final class Expressions {

    public static final String OPEN = "${{";
    public static final String CLOSE = "}}";

    private Expressions() {}

    /** A piece of text: either literal or the source of one expression (without the delimiters, trimmed). */
    public record Segment(boolean expression, String text) {}

    public static boolean contains(String text) {
        return text != null && text.contains(OPEN);
    }

    /** Splits text into literal and expression segments; an unterminated expression is a format error. */
    public static List<Segment> split(String text) {
        List<Segment> segments = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = text.indexOf(OPEN, from);
            if (open < 0) {
                if (from < text.length()) {
                    segments.add(new Segment(false, text.substring(from)));
                }
                return segments;
            }
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw new TemplateFormatException("unterminated expression '" + abbreviate(text.substring(open)) + "'");
            }
            if (open > from) {
                segments.add(new Segment(false, text.substring(from, open)));
            }
            String source = text.substring(open + OPEN.length(), close).trim();
            if (source.isEmpty()) {
                throw new TemplateFormatException("empty expression '${{ }}'");
            }
            segments.add(new Segment(true, source));
            from = close + CLOSE.length();
        }
    }

    static String abbreviate(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
