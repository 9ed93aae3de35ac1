package io.sealcloud.appstore.domain.template;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The format's line directives: a line holding only {@code ${{ if(c) }}}, {@code ${{ elif(c) }}}, {@code ${{ else() }}}
 * or {@code ${{ endif() }}} opens, switches or closes a block; lines in a block whose condition is false are dropped,
 * and the directive lines themselves always are. Blocks nest, and may span document separators.
 */
public final class Directives {

    private static final Pattern DIRECTIVE =
            Pattern.compile("^\\s*\\$\\{\\{\\s*(if|elif|else|endif)\\s*\\((.*)\\)\\s*}}\\s*$");

    private Directives() {}

    /**
     * Applies the directives of {@code text}.
     *
     * @param firstLine line number of the first line of {@code text} in the file (for messages)
     * @param condition evaluates a condition's source to its truthiness
     */
    public static String apply(String text, int firstLine, Predicate<String> condition) {
        if (!text.contains("if(") && !text.contains("if (")) {
            return text; // fast path: most templates have none
        }
        StringBuilder out = new StringBuilder(text.length());
        Deque<Block> blocks = new ArrayDeque<>();
        int lineNumber = firstLine - 1;
        int start = 0;
        while (start < text.length()) {
            int lineStart = start;
            int end = text.indexOf('\n', start);
            int next = end < 0 ? text.length() : end + 1;
            String line = text.substring(start, end < 0 ? text.length() : end);
            lineNumber++;
            start = next;
            Matcher m = line.contains(Expressions.OPEN) ? DIRECTIVE.matcher(line) : null;
            if (m == null || !m.matches()) {
                if (blocks.isEmpty() || blocks.peek().emitting()) {
                    out.append(text, lineStart, next);
                }
                continue;
            }
            String keyword = m.group(1);
            String argument = m.group(2).trim();
            boolean enclosingActive = blocks.isEmpty() || blocks.peek().emitting();
            switch (keyword) {
                case "if" -> {
                    requireArgument(keyword, argument, lineNumber);
                    boolean taken = enclosingActive && test(condition, argument, lineNumber);
                    blocks.push(new Block(enclosingActive, taken, taken, lineNumber));
                }
                case "elif" -> {
                    requireArgument(keyword, argument, lineNumber);
                    Block block = current(blocks, keyword, lineNumber);
                    if (block.sawElse) {
                        throw new TemplateFormatException("elif() after else()", lineNumber);
                    }
                    boolean taken = block.parentActive && !block.anyTaken && test(condition, argument, lineNumber);
                    block.active = taken;
                    block.anyTaken |= taken;
                }
                case "else" -> {
                    requireNoArgument(keyword, argument, lineNumber);
                    Block block = current(blocks, keyword, lineNumber);
                    if (block.sawElse) {
                        throw new TemplateFormatException("second else()", lineNumber);
                    }
                    block.sawElse = true;
                    block.active = block.parentActive && !block.anyTaken;
                    block.anyTaken = true;
                }
                default -> {
                    requireNoArgument(keyword, argument, lineNumber);
                    current(blocks, keyword, lineNumber);
                    blocks.pop();
                }
            }
        }
        if (!blocks.isEmpty()) {
            throw new TemplateFormatException("if() without endif()", blocks.peek().line);
        }
        return out.toString();
    }

    private static boolean test(Predicate<String> condition, String source, int line) {
        try {
            return condition.test(source);
        } catch (TemplateFormatException e) {
            throw e.located(e.getMessage(), line);
        }
    }

    private static Block current(Deque<Block> blocks, String keyword, int line) {
        if (blocks.isEmpty()) {
            throw new TemplateFormatException(keyword + "() without if()", line);
        }
        return blocks.peek();
    }

    private static void requireArgument(String keyword, String argument, int line) {
        if (argument.isEmpty()) {
            throw new TemplateFormatException(keyword + "() needs a condition", line);
        }
    }

    private static void requireNoArgument(String keyword, String argument, int line) {
        if (!argument.isEmpty()) {
            throw new TemplateFormatException(keyword + "() takes no condition", line);
        }
    }

    private static final class Block {
        final boolean parentActive;
        boolean active;
        boolean anyTaken;
        boolean sawElse;
        final int line;

        Block(boolean parentActive, boolean active, boolean anyTaken, int line) {
            this.parentActive = parentActive;
            this.active = active;
            this.anyTaken = anyTaken;
            this.line = line;
        }

        boolean emitting() {
            return parentActive && active;
        }
    }
}
