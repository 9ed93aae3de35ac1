package io.sealcloud.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One service of the repository ({@code services/<name>/}), as the local platform runs it. */
public record ServiceModule(String name, Path dir) {

    // The name becomes a PostgreSQL database and a gateway prefix: keep it to what both accept unquoted.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** The Quarkus fast-jar the build produces. */
    public Path runnerJar() {
        return dir.resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The fast-jar's directory: the service runs from it, as its class-data-sharing archive names the jar relatively. */
    public Path appDir() {
        return runnerJar().getParent();
    }

    /**
     * The class-data-sharing archive the build writes beside the jar ({@code quarkus.package.jar.appcds.enabled}), for
     * the JDK that built it.
     */
    public Path cdsArchive() {
        return appDir().resolve("app-cds.jsa");
    }

    /** Where the fabric8 CRD generator writes this service's CustomResourceDefinitions. */
    public Path crdDir() {
        return dir.resolve("target/classes/META-INF/fabric8");
    }

    public boolean isBuilt() {
        return Files.isRegularFile(runnerJar());
    }

    /** Every {@code services/*} directory with a pom.xml, sorted by name, so later services plug in by existing. */
    public static List<ServiceModule> discover(Path servicesDir) {
        if (!Files.isDirectory(servicesDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(servicesDir)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .map(dir -> new ServiceModule(dir.getFileName().toString(), dir))
                    .filter(service -> NAME.matcher(service.name()).matches())
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + servicesDir, e);
        }
    }
}
