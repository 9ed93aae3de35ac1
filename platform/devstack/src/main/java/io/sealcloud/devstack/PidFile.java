package io.sealcloud.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A component's pid file: one line per process root, {@code <pid> <start-epoch-millis>}. The start time guards
 * against a recycled pid: {@code down} never signals a process that merely reuses a recorded number.
 */
final class PidFile {

    // Process start times come from /proc with clock-tick precision; allow for rounding either way.
    private static final long START_TOLERANCE_MILLIS = 2_000;

    private PidFile() {}

    static void write(Path file, List<ProcessHandle> processes) {
        String text = processes.stream()
                .map(p -> p.pid() + " "
                        + p.info().startInstant().map(Instant::toEpochMilli).orElse(0L))
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** The recorded processes that are still alive (and are the processes that were recorded). */
    static List<ProcessHandle> alive(Path file) {
        return read(file).stream().flatMap(entry -> entry.handle().stream()).toList();
    }

    /** The component's main process (the first recorded) if it is alive. */
    static Optional<ProcessHandle> main(Path file) {
        return read(file).stream().findFirst().flatMap(Entry::handle);
    }

    private static List<Entry> read(Path file) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (!parts[0].isEmpty()) {
                    entries.add(new Entry(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0L));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NumberFormatException e) {
            // A damaged pid file names no process we can trust.
            return List.of();
        }
        return entries;
    }

    private record Entry(long pid, long startMillis) {
        Optional<ProcessHandle> handle() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> sameStart(p, startMillis));
        }
    }

    private static boolean sameStart(ProcessHandle process, long recorded) {
        if (recorded == 0L) {
            return true;
        }
        return process.info()
                .startInstant()
                .map(actual -> Math.abs(actual.toEpochMilli() - recorded) <= START_TOLERANCE_MILLIS)
                .orElse(true);
    }
}
