package io.sealcloud.devstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts components as detached background processes (pid file, log file) and stops whole process trees by pid.
 * Never by name: other processes on this machine may look the same.
 */
final class ProcessSupervisor {

    // setsid puts each component in a session of its own: closing the terminal or a Ctrl-C in a later command
    // does not reach it, and the launcher may exit while the component runs on.
    private static final Optional<String> SETSID = List.of("/usr/bin/setsid", "/bin/setsid").stream()
            .filter(path -> Files.isExecutable(Path.of(path)))
            .findFirst();

    private final StackLayout layout;

    ProcessSupervisor(StackLayout layout) {
        this.layout = layout;
    }

    /** Starts {@code spec} in the background with output to its log (the previous log is kept as {@code .1}). */
    Process start(ComponentSpec spec) {
        Path log = layout.log(spec.name());
        try {
            Files.createDirectories(layout.logs());
            Files.createDirectories(spec.workDir());
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>();
            SETSID.ifPresent(command::add);
            command.addAll(spec.command());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(spec.env());
            Process process = builder.start();
            PidFile.write(layout.pidFile(spec.name()), List.of(process.toHandle()));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /** Adds processes the component left outside its tree to its pid file. */
    void adopt(String component, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(PidFile.alive(layout.pidFile(component)));
        pids.stream().flatMap(pid -> ProcessHandle.of(pid).stream()).forEach(all::add);
        PidFile.write(layout.pidFile(component), all);
    }

    /** The component's main process, if it runs. */
    Optional<ProcessHandle> running(String component) {
        return PidFile.main(layout.pidFile(component));
    }

    /**
     * Stops every recorded process of {@code component} and all their descendants: TERM, then KILL what is left
     * after {@code grace}. Returns how many processes were signalled; removes the pid file.
     */
    int stop(String component, Duration grace) {
        Path pidFile = layout.pidFile(component);
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        for (ProcessHandle root : PidFile.alive(pidFile)) {
            tree.add(root);
            // Snapshot the children now: once a parent dies they are re-parented and no longer findable from it.
            root.descendants().forEach(tree::add);
        }
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    process.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // Still running at the deadline: killed below.
                }
            }
        }
        for (ProcessHandle process : tree) {
            if (process.isAlive()) {
                // Children started during shutdown (a stop script) are in the tree by now.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(component + ": process " + process.pid() + " did not exit", e);
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + pidFile, e);
        }
        return tree.size();
    }

    /** Components with a pid file, whether or not their processes still run. */
    List<String> recorded() {
        if (!Files.isDirectory(layout.pids())) {
            return List.of();
        }
        try (var files = Files.list(layout.pids())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".pid"))
                    .map(name -> name.substring(0, name.length() - ".pid".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + layout.pids(), e);
        }
    }
}
