package io.sealcloud.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How to run one component of the local platform as its own process.
 *
 * @param name the component's name (pid file, log file and progress line)
 * @param command the command line
 * @param env variables added to the launcher's environment
 * @param workDir the working directory
 * @param endpoint what to show the user ({@code http://localhost:8080}, {@code localhost:9092})
 * @param probe passes once the component serves
 * @param startTimeout how long a start may take before the launcher gives up
 * @param dependsOn components that must be ready before this one starts
 * @param detachedPids processes the component leaves outside its own process tree (PostgreSQL's postmaster runs in
 *     a session of its own), read once it is ready so {@code down} can stop them too
 * @param hint a note printed when the start is slow for a known reason (Keycloak's first start), or empty
 */
public record ComponentSpec(
        String name,
        List<String> command,
        Map<String, String> env,
        Path workDir,
        String endpoint,
        Probe probe,
        Duration startTimeout,
        List<String> dependsOn,
        Supplier<List<Long>> detachedPids,
        String hint) {

    public ComponentSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        dependsOn = List.copyOf(dependsOn);
    }
}
