package io.sealcloud.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The launcher's terminal output: one line per event, safe to call from the threads that start components. */
final class Console {

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    synchronized void lines(List<String> lines) {
        lines.forEach(out::println);
        out.flush();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** The last {@code count} lines of {@code log}, for a failure report. */
    static List<String> tail(Path log, int count) {
        try {
            if (!Files.isRegularFile(log)) {
                return List.of("(no log written)");
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        } catch (IOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }
}
