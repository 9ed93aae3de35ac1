package io.sealcloud.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSupervisorTest {

    @TempDir
    Path root;

    private StackLayout layout;
    private ProcessSupervisor supervisor;

    @BeforeEach
    void setUp() {
        layout = new StackLayout(root);
        supervisor = new ProcessSupervisor(layout);
    }

    @AfterEach
    void cleanUp() {
        supervisor.recorded().forEach(name -> supervisor.stop(name, Duration.ofSeconds(5)));
    }

    private ComponentSpec spec(String name, String script) {
        return new ComponentSpec(
                name,
                List.of("bash", "-c", script),
                Map.of("GREETING", "hello"),
                layout.dataDir(name),
                "n/a",
                () -> true,
                Duration.ofSeconds(10),
                List.of(),
                List::of,
                "");
    }

    @Test
    void startsAComponentWithItsEnvironmentLogAndPidFile() throws Exception {
        Process process = supervisor.start(spec("echo", "echo \"$GREETING from $(pwd)\"; sleep 300"));

        assertThat(supervisor.running("echo")).map(ProcessHandle::pid).hasValue(process.pid());
        assertThat(Files.readString(layout.pidFile("echo"))).startsWith(process.pid() + " ");
        awaitLog("echo", "hello from " + layout.dataDir("echo").toRealPath());
    }

    @Test
    void stopsTheWholeProcessTreeAndRemovesThePidFile() throws Exception {
        // A parent that ignores TERM with two children: the shape of kc.sh running java.
        Process process = supervisor.start(spec("tree", "trap '' TERM; sleep 300 & sleep 300 & wait"));
        awaitChildren(process.toHandle(), 2);
        List<ProcessHandle> tree = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .toList();

        int stopped = supervisor.stop("tree", Duration.ofSeconds(2));

        assertThat(stopped).isEqualTo(3);
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(layout.pidFile("tree")).doesNotExist();
        assertThat(supervisor.running("tree")).isEmpty();
    }

    @Test
    void adoptedProcessesOutsideTheTreeAreStoppedToo() throws Exception {
        supervisor.start(spec("main", "sleep 300"));
        // Stands in for PostgreSQL's postmaster, which pg_ctl starts in a session of its own.
        Process detached = new ProcessBuilder("sleep", "300").start();
        supervisor.adopt("main", List.of(detached.pid()));

        supervisor.stop("main", Duration.ofSeconds(5));

        assertThat(detached.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void keepsThePreviousLogAsDotOne() throws Exception {
        Process first = supervisor.start(spec("logs", "echo first run"));
        first.waitFor(10, TimeUnit.SECONDS);

        Process second = supervisor.start(spec("logs", "echo second run"));
        second.waitFor(10, TimeUnit.SECONDS);

        assertThat(Files.readString(layout.log("logs"))).contains("second run").doesNotContain("first run");
        assertThat(Files.readString(layout.logs().resolve("logs.log.1"))).contains("first run");
    }

    @Test
    void ignoresAPidFileWhoseProcessIsGoneOrIsAnotherProcess() throws IOException {
        Files.createDirectories(layout.pids());
        // Our own pid, but with a start time that is not ours: a recycled pid must never be signalled.
        Files.writeString(layout.pidFile("stale"), ProcessHandle.current().pid() + " 1000\n");

        assertThat(supervisor.running("stale")).isEmpty();
        assertThat(supervisor.stop("stale", Duration.ofSeconds(1))).isZero();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    private void awaitLog(String component, String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            Path log = layout.log(component);
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(Files.readString(layout.log(component))).contains(text);
    }

    private static void awaitChildren(ProcessHandle parent, int count) throws InterruptedException {
        for (int i = 0; i < 100 && parent.children().count() < count; i++) {
            Thread.sleep(50);
        }
        assertThat(parent.children().count()).isEqualTo(count);
    }
}
