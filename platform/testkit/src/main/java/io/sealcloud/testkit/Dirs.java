package io.sealcloud.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/** Where the test infrastructure writes: below the current module's {@code target/}, never /tmp or $HOME. */
public final class Dirs {

    private Dirs() {}

    /** {@code target/infra-run} of the module whose tests run (Surefire's working directory is the module). */
    public static Path infraRun() {
        return Path.of("target", "infra-run").toAbsolutePath().normalize();
    }

    /**
     * Where PostgreSQL binaries are unpacked once and reused: the build's shared {@code target/infra} (system property
     * {@code sealcloud.infra.dir}, set by the parent pom's Surefire configuration), else this module's infra-run.
     */
    public static Path postgresBinaries() {
        String shared = System.getProperty("sealcloud.infra.dir");
        Path base = shared == null || shared.isBlank() ? infraRun() : Path.of(shared);
        return base.resolve("postgres-binaries").toAbsolutePath().normalize();
    }

    /** A fresh, not yet existing directory {@code target/infra-run/<prefix>-<uuid>}. */
    public static Path fresh(String prefix) {
        return infraRun().resolve(prefix + "-" + UUID.randomUUID());
    }

    /** Deletes a directory tree; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    deleteIfPresent(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    deleteIfPresent(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }

    private static void deleteIfPresent(Path path) throws IOException {
        try {
            Files.delete(path);
        } catch (NoSuchFileException e) {
            // A server may remove its own files (pid, socket) while we walk: that is the outcome we want.
        }
    }
}
