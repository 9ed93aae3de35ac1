package io.sealcloud.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The local platform's own Keycloak distribution under {@code .sealcloud/keycloak}: unpacked once from the
 * distribution zip in the local Maven repository (or copied from the build's {@code target/infra}), then kept, so
 * Keycloak's augmented build and its dev-file database survive a restart. Tests never share it (H2 locks it).
 */
final class KeycloakDistribution {

    private final Path home;
    private final String version;

    KeycloakDistribution(Path home, String version) {
        this.home = home;
        this.version = version;
    }

    Path home() {
        return home;
    }

    Path kcScript() {
        return home.resolve("bin/kc.sh");
    }

    /** True until Keycloak has started once here: the first start augments the distribution (≈ 35 s, not ≈ 9 s). */
    boolean firstStart() {
        return !Files.isDirectory(home.resolve("data/h2"));
    }

    private Path marker() {
        return home.resolve(".sealcloud-dist-" + version);
    }

    /** Unpacks the distribution unless this version is already there; returns whether it did any work. */
    boolean ensureUnpacked(Path repoRoot) {
        if (Files.isRegularFile(marker())) {
            return false;
        }
        // A half-unpacked directory (an interrupted first run) or another version: start over.
        deleteRecursively(home);
        Optional<Path> zip = zip();
        Path unpacked = repoRoot.resolve("target/infra/keycloak-" + version);
        try {
            Files.createDirectories(home);
            if (zip.isPresent()) {
                unzip(zip.get(), home);
            } else if (Files.isRegularFile(unpacked.resolve("bin/kc.sh"))) {
                copyTree(unpacked, home);
            } else {
                throw new IllegalStateException("No Keycloak " + version + " distribution: expected "
                        + zipCandidates().get(0) + " or " + unpacked
                        + " (./sealcloud up --build downloads it through the Maven build)");
            }
            makeScriptsExecutable();
            Files.writeString(marker(), version + "\n");
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack Keycloak into " + home, e);
        }
    }

    /** Puts the realm file where {@code --import-realm} reads it; an existing realm is kept by Keycloak. */
    void installRealm(Path realmFile) {
        if (!Files.isRegularFile(realmFile)) {
            throw new IllegalStateException("Realm file missing: " + realmFile);
        }
        try {
            Path importDir = home.resolve("data/import");
            Files.createDirectories(importDir);
            Files.copy(realmFile, importDir.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the realm file into " + home, e);
        }
    }

    private Optional<Path> zip() {
        return zipCandidates().stream().filter(Files::isRegularFile).findFirst();
    }

    private List<Path> zipCandidates() {
        String relative =
                "org/keycloak/keycloak-quarkus-dist/" + version + "/keycloak-quarkus-dist-" + version + ".zip";
        String repo = System.getProperty("maven.repo.local");
        Path defaultRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        return (repo == null ? Stream.of(defaultRepo) : Stream.of(Path.of(repo), defaultRepo))
                .map(r -> r.resolve(relative))
                .toList();
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                // Entries are "keycloak-<version>/…": drop that first segment.
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path out = target.resolve(name.substring(slash + 1)).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Zip entry outside the target directory: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // A test run may have left its database and build there: take only the pristine distribution.
                if (dir.equals(source.resolve("data"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(
                        file,
                        target.resolve(source.relativize(file).toString()),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void makeScriptsExecutable() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("bin"))) {
            for (Path script : files.filter(f -> f.toString().endsWith(".sh")).toList()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(script);
                permissions.add(PosixFilePermission.OWNER_EXECUTE);
                permissions.add(PosixFilePermission.GROUP_EXECUTE);
                Files.setPosixFilePermissions(script, permissions);
            }
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path :
                    paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}
