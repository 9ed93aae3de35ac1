package io.sealcloud.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The launcher behind {@code ./sealcloud up | down | status}; the bash script only builds and runs it. */
public final class Sealcloud {

    private static final String USAGE = String.join(
            "\n",
            "Usage: ./sealcloud <command>",
            "  up [--build]  build what is missing (--build: everything), start the local platform, print its endpoints",
            "  down          stop every process the platform started (data is kept in .sealcloud/data)",
            "  status        what runs, on which ports, with how much memory",
            "Environment: KUBECONFIG set → the services drive that cluster; unset → a simulated API server.");

    private Sealcloud() {}

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args)));
    }

    static int run(List<String> args) {
        String root = System.getProperty("sealcloud.root", System.getProperty("user.dir"));
        LocalPlatform platform =
                new LocalPlatform(StackLayout.locate(Path.of(root)), new Console(System.out), System.getenv());
        String command = args.isEmpty() ? "" : args.get(0);
        List<String> options = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            return switch (command) {
                // --build is handled by the script before the launcher runs (it rebuilds the launcher too).
                case "up" -> options.stream().allMatch("--build"::equals) ? platform.up() : usage();
                case "down" -> options.isEmpty() ? platform.down() : usage();
                case "status" -> options.isEmpty() ? platform.status() : usage();
                case "help", "--help", "-h" -> {
                    System.out.println(USAGE);
                    yield 0;
                }
                default -> usage();
            };
        } catch (RuntimeException e) {
            System.err.println("sealcloud " + command + ": " + e.getMessage());
            return 1;
        }
    }

    private static int usage() {
        System.err.println(USAGE);
        return 2;
    }
}
