package io.sealcloud.devstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The launcher behind {@code ./sealcloud up | down | status}; the bash script only builds and runs it. */
public final class Sealcloud {

    private static final String USAGE = String.join(
            "\n",
            "Usage: ./sealcloud <command>",
            "  up [--build] [--kubernetes=simulated|real|external]",
            "                build what is missing (--build: everything), start the local platform, print its endpoints",
            "                --kubernetes: simulated (a fabric8 mock API server; the default on a fresh checkout),",
            "                real (etcd + kube-apiserver + kube-controller-manager 1.20.2 and a kubelet stand-in; built",
            "                once, ~10 min), external (the cluster of KUBECONFIG); later ups keep the last choice",
            "  down          stop every process the platform started (data is kept in .sealcloud/data)",
            "  status        what runs, on which ports, with how much memory",
            "Environment: KUBECONFIG set (and no --kubernetes) → the services drive that cluster.");

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
                case "up" -> {
                    Optional<Optional<KubernetesMode>> mode = kubernetesOption(options);
                    yield mode.isPresent() ? platform.up(mode.get()) : usage();
                }
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

    /**
     * The {@code --kubernetes=} of {@code up}'s options: empty when an option is unknown (usage), else the mode if
     * given. {@code --build} is the script's, and allowed.
     */
    static Optional<Optional<KubernetesMode>> kubernetesOption(List<String> options) {
        Optional<KubernetesMode> mode = Optional.empty();
        for (String option : options) {
            if (option.equals("--build")) {
                continue;
            }
            String value = option.startsWith("--kubernetes=") ? option.substring("--kubernetes=".length()) : null;
            Optional<KubernetesMode> parsed = KubernetesMode.of(value);
            if (value == null || parsed.isEmpty()) {
                return Optional.empty();
            }
            mode = parsed;
        }
        return Optional.of(mode);
    }

    private static int usage() {
        System.err.println(USAGE);
        return 2;
    }
}
