package io.sealcloud.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Resident memory of process trees, read from /proc (what {@code ps -o rss} shows), in KiB. */
final class ResidentMemory {

    private ResidentMemory() {}

    static long ofTrees(List<ProcessHandle> roots) {
        return roots.stream()
                .flatMap(root -> Stream.concat(Stream.of(root), root.descendants()))
                .distinct()
                .mapToLong(ResidentMemory::of)
                .sum();
    }

    static long of(ProcessHandle process) {
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Exited meanwhile, or no /proc (not Linux): counts as nothing.
        }
        return 0;
    }

    static String format(long kib) {
        return kib >= 1024 * 1024
                ? String.format(java.util.Locale.ROOT, "%.2f GiB", kib / (1024.0 * 1024))
                : (kib / 1024) + " MiB";
    }
}
