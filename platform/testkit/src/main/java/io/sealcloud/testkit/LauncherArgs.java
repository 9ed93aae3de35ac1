package io.sealcloud.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@code --name value} command-line options of the launcher entry points. */
final class LauncherArgs {

    private final String usage;
    private final Map<String, String> values = new HashMap<>();

    LauncherArgs(String[] args, String usage) {
        this.usage = usage;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Bad argument '" + args[i] + "'. Usage: " + usage);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String required(String name) {
        return optional(name)
                .orElseThrow(() -> new IllegalArgumentException("Missing --" + name + ". Usage: " + usage));
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    Optional<Integer> port(String name) {
        return optional(name).map(Integer::parseInt);
    }
}
